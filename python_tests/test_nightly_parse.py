"""The as-of date is read when the models run, not when dbt parses them. So a nightly that
passes no --vars (the as-of date is then the run's date) can reuse the night before's parse
(target/partial_parse.msgpack), a large part of a nightly's fixed cost; the README's section
"Schedule it nightly" tells users so. This test keeps it true."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from cli_demo import copy_demo_project

from retrain_gate.dbt_project import run_dbt

#: What changes from one parse to the next whatever the project: when it ran.
_RUN_TIMES = {
    "created_at",
    "generated_at",
    "invocation_id",
    "invocation_started_at",
    "run_started_at",
}


def _without_run_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_run_times(v) for k, v in value.items() if k not in _RUN_TIMES}
    if isinstance(value, list):
        return [_without_run_times(item) for item in value]
    return value


def _parsed(project: Path, *args: str) -> Any:
    run_dbt(["parse", "--no-partial-parse", *args], project, echo=False)
    return _without_run_times(json.loads((project / "target" / "manifest.json").read_text()))


def test_the_parse_is_the_same_whatever_the_as_of_date(tmp_path: Path) -> None:
    """The demo project (every model kind, every check family), parsed for an as-of date in
    its data and for the run's own date: the same manifest, node for node."""
    project = copy_demo_project(tmp_path / "demo")
    pinned = _parsed(project, "--vars", "{retrain_gate_as_of: 2024-03-01}")
    # the demo pins its as-of date in dbt_project.yml: unpinned, it is the run's date
    settings = yaml.safe_load((project / "dbt_project.yml").read_text())
    del settings["vars"]["retrain_gate_as_of"]
    (project / "dbt_project.yml").write_text(yaml.safe_dump(settings, sort_keys=False))
    unpinned = _parsed(project)
    assert len(pinned["nodes"]) > 50
    changed = [key for key in pinned if unpinned[key] != pinned[key]]
    nodes = [n for n in pinned["nodes"] if unpinned["nodes"].get(n) != pinned["nodes"][n]]
    assert not changed, f"parsed for the run's date, the manifest's {changed} differ: {nodes}"
