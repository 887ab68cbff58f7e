"""The dbt unit tests of the SQL macros (integration_tests/): on DuckDB and Postgres in
`make test`, on the Snowflake emulator and Spark in `make test-snowflake` and `make test-spark`.
The project is copied into the test's directory with a profile of the test's warehouse, as the
harness's projects are (the emulator's workaround macros with it on Snowflake)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import make_warehouse
from harness import Project, Warehouse
from pg_server import ThrowawayPostgres

from retrain_gate.dbt_project import PACKAGE_ROOT

PROJECT = PACKAGE_ROOT / "integration_tests"


def _integration_project(root: Path, warehouse: Warehouse) -> Project:
    """integration_tests' config and models in a harness project on `warehouse`."""
    project = Project(root, warehouse, {"models": {}}, {})
    config = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())
    config["profile"] = "test"
    (root / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    shutil.copytree(PROJECT / "models", root / "models", dirs_exist_ok=True)
    return project


def test_macro_unit_tests_pass(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> None:
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    project = _integration_project(tmp_path_factory.mktemp("integration"), warehouse)
    done = project.dbt("build", "--select", "package:retrain_gate_integration_tests", check=True)
    unit_tests = yaml.safe_load(
        (PROJECT / "models" / "macros_under_test" / "_unit_tests.yml").read_text()
    )["unit_tests"]
    passed = [line for line in done.output.splitlines() if " PASS " in line]
    for unit_test in unit_tests:
        assert any(f"::{unit_test['name']} " in line for line in passed), unit_test["name"]
