"""The dbt unit tests of the SQL macros (integration_tests/), on DuckDB and Postgres."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml
from conftest import make_warehouse
from pg_server import ThrowawayPostgres

from retrain_gate.dbt_project import PACKAGE_ROOT, dbt_executable

PROJECT = PACKAGE_ROOT / "integration_tests"


def test_macro_unit_tests_pass(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> None:
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    env = {
        **os.environ,
        "RETRAIN_GATE_TEST_DUCKDB": str(warehouse.duckdb_path),
        "RETRAIN_GATE_PG_PORT": str(pg_server.port),
        "RETRAIN_GATE_PG_DB": str(warehouse.output.get("dbname", "")),
    }
    common = ["--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT)]
    subprocess.run([dbt_executable(), "deps", "--quiet", *common], env=env, check=True)
    done = subprocess.run(
        [
            dbt_executable(),
            "build",
            *common,
            "--target",
            engine,
            "--select",
            "package:retrain_gate_integration_tests",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-5000:]
    unit_tests = yaml.safe_load(
        (PROJECT / "models" / "macros_under_test" / "_unit_tests.yml").read_text()
    )["unit_tests"]
    passed = [line for line in done.stdout.splitlines() if " PASS " in line]
    for unit_test in unit_tests:
        assert any(f"::{unit_test['name']} " in line for line in passed), unit_test["name"]
