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
_RUN_FIELDS = {"created_at", "generated_at", "invocation_id", "invocation_started_at"}
_RUN_METADATA = {"run_started_at"}


def _without_run_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_run_times(item)
            for key, item in value.items()
            if key not in _RUN_FIELDS | _RUN_METADATA
        }
    if isinstance(value, list):
        return [_without_run_times(item) for item in value]
    return value


def _parsed(project: Path, *args: str) -> dict[str, Any]:
    run_dbt(["parse", "--no-partial-parse", *args], project, echo=False)
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    return dict(_without_run_times(manifest))


def test_the_parse_is_the_same_whatever_the_as_of_date(tmp_path: Path) -> None:
    """The demo project (every model kind, every check family), parsed for an as-of date in
    its data and for the run's own date: the same manifest, node for node."""
    project = copy_demo_project(tmp_path / "demo")
    parses = {"2024-03-01": _parsed(project, "--vars", "{retrain_gate_as_of: 2024-03-01}")}
    # the demo pins its as-of date in dbt_project.yml: unpinned, it is the run's date
    settings = yaml.safe_load((project / "dbt_project.yml").read_text())
    del settings["vars"]["retrain_gate_as_of"]
    (project / "dbt_project.yml").write_text(yaml.safe_dump(settings, sort_keys=False))
    parses["the run's date"] = _parsed(project)
    first = parses["2024-03-01"]
    assert len(first["nodes"]) > 50
    for as_of, manifest in parses.items():
        changed = [key for key in first if manifest[key] != first[key]]
        nodes = [n for n in first["nodes"] if manifest["nodes"].get(n) != first["nodes"][n]]
        assert not changed, f"parsed for {as_of}, the manifest's {changed} differ: {nodes}"
