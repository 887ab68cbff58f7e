"""The demo built once per test module through `retrain-gate demo`, and a copy of the demo dbt
project to point the command line at (test_cli.py, test_report.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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


def build_demo(root: Path) -> Demo:
    """`retrain-gate demo` into root/warehouse.duckdb (its report in root/report.html)."""
    db = root / "warehouse.duckdb"
    done = cli("demo", "--rows-per-day", str(ROWS_PER_DAY), "--db", str(db))
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return Demo(db, copy_demo_project(root / "project"), done.stdout, root / "report.html")


def cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The console script in a subprocess: its real exit code and streams."""
    return subprocess.run(
        [CLI, *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})}
    )
