"""Shared fixtures: one throwaway Postgres server for the whole run (and a Snowflake emulator for
the modules that run on it), and a fresh warehouse per test module on each engine."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest
from harness import (
    Warehouse,
    duckdb_warehouse,
    postgres_warehouse,
    snowflake_warehouse,
    spark_warehouse,
)
from pg_server import ThrowawayPostgres
from snowflake_server import snowduck_server, stop_snowduck_server

#: The engines every SQL test runs on. A module that also runs on Spark says so with its own
#: `ENGINES` (each Spark build takes minutes on 2 cores: the Spark suite is chosen, not all);
#: so does one that runs on Snowflake (the snowduck emulator).
#: RETRAIN_GATE_TEST_ENGINES=spark (a comma list) runs every module on those engines instead.
ENGINES = ["duckdb", "postgres"]
_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ThrowawayPostgres]:
    server = ThrowawayPostgres()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def _snowduck_stops_at_the_end() -> Iterator[None]:
    """The emulator starts on a module's first Snowflake warehouse; this stops it at the end."""
    yield
    stop_snowduck_server()


def make_warehouse(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> Warehouse:
    if engine == "duckdb":
        return duckdb_warehouse(tmp_path_factory.mktemp("duckdb"))
    if engine == "spark":
        root = tmp_path_factory.getbasetemp() / "spark"
        return spark_warehouse(root, f"test_{next(_database_numbers)}")
    if engine == "snowflake":
        return snowflake_warehouse(snowduck_server(), f"test_{next(_database_numbers)}")
    name = f"test_{next(_database_numbers)}"
    pg_server.create_database(name)
    return postgres_warehouse(pg_server.port, pg_server.dsn(name), name)


def figures_only(engine: str) -> list[str]:
    """`dbt build` arguments for a module that compares the built figures and reads no test
    result: on Spark, which plans every statement before it runs, the package's data tests are
    about a fifth of a correctness build's node time, so they run in one Spark module
    (test_integrity_correctness) and are left out of the others there."""
    if engine != "spark":
        return []
    return ["--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        chosen = os.environ.get("RETRAIN_GATE_TEST_ENGINES")
        engines = chosen.split(",") if chosen else getattr(metafunc.module, "ENGINES", ENGINES)
        metafunc.parametrize("engine", engines, scope="module")


#: (module, engine) pairs where a test ran past pytest-timeout's limit (pyproject.toml).
_timed_out: set[tuple[str, str]] = set()


def _module_and_engine(item: pytest.Item) -> tuple[str, str]:
    callspec = getattr(item, "callspec", None)
    engine = callspec.params.get("engine", "") if callspec is not None else ""
    return item.nodeid.split("::")[0], str(engine)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    yield
    if call.excinfo is not None and "Timeout (>" in str(call.excinfo.value):
        _timed_out.add(_module_and_engine(item))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A module whose warehouse build hung would hang again for each of its tests, each after
    the full timeout: its other tests on that engine fail at once instead."""
    if _module_and_engine(item) in _timed_out:
        pytest.fail("an earlier test of this module on this engine timed out (pyproject.toml)")
