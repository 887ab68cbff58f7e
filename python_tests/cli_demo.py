"""The demo built once per test run through `retrain-gate demo`, shared by the modules that read
it (test_cli.py, test_report.py, test_demo_stories.py), and a copy of the demo dbt project to
point the command line at."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from retrain_gate.dbt_project import DEMO_PROJECT, PACKAGE_ROOT, run_dbt

ROWS_PER_DAY = 600
AS_OF = "2024-04-29"
CLI = str(Path(sys.executable).with_name("retrain-gate"))


@dataclass
class Demo:
    db: Path  # the DuckDB warehouse `retrain-gate demo` built
    project: Path  # a copy of the demo project, installing the package from this checkout
    output: str  # what `retrain-gate demo` printed
    report: Path  # the report it wrote

    @property
    def env(self) -> dict[str, str]:
        """The demo profile reads its DuckDB path from this variable."""
        return {"RETRAIN_GATE_DEMO_DB": str(self.db)}


def copy_demo_project(destination: Path) -> Path:
    """The demo dbt project in a directory of its own (its own target/ and logs/), as a user's
    project elsewhere on disk would be."""
    destination.mkdir(parents=True)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(DEMO_PROJECT / name, destination / name)
    shutil.copytree(DEMO_PROJECT / "models", destination / "models")
    packages = {"packages": [{"local": str(PACKAGE_ROOT)}]}
    (destination / "packages.yml").write_text(yaml.safe_dump(packages))
    run_dbt(["deps", "--quiet"], destination, echo=False)
    return destination


def shared_demo_run(run_root: Path) -> tuple[Path, str]:
    """`retrain-gate demo` run once per test run, whichever module and pytest-xdist worker asks
    first (the others wait on a lock): its DuckDB warehouse (its report beside it) and what it
    printed. `run_root` is the directory every worker of the run shares."""
    shared = run_root / "shared_demo"
    shared.mkdir(exist_ok=True)
    db, printed = shared / "warehouse.duckdb", shared / "output.txt"
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not printed.exists():
            done = cli("demo", "--rows-per-day", str(ROWS_PER_DAY), "--db", str(db))
            assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
            printed.write_text(done.stdout)
    return db, printed.read_text()


def run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary directory of this test run, shared by its pytest-xdist workers."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_demo(tmp_path_factory: pytest.TempPathFactory, name: str) -> Demo:
    """The shared demo, its warehouse copied into a directory of the module's own (tests hold
    and write it), with its own copy of the demo project."""
    db, output = shared_demo_run(run_root(tmp_path_factory))
    root = tmp_path_factory.mktemp(name)
    shutil.copy(db, root / "warehouse.duckdb")
    report = db.with_name("report.html")
    return Demo(root / "warehouse.duckdb", copy_demo_project(root / "project"), output, report)


def cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The console script in a subprocess: its real exit code and streams."""
    return subprocess.run(
        [CLI, *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})}
    )
