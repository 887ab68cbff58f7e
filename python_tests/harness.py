"""Test harness: a warehouse (DuckDB file, a database on the throwaway Postgres server, the local
SparkSession or a database on the Snowflake emulator) and a dbt project that installs
retrain_gate from this checkout, exactly as a user's project does."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import psycopg2
import yaml
from dbt.cli.main import dbtRunner
from snowflake_server import SnowduckServer
from spark_engine import local_spark

from retrain_gate.dbt_project import PACKAGE_ROOT, dbt_executable
from retrain_gate.demo.load import write_duckdb, write_postgres

#: Test-project macros that work around what the Snowflake emulator, not Snowflake, cannot run
#: (each is listed in docs/engines.md, "Snowflake").
SNOWFLAKE_EMULATOR_MACROS = Path(__file__).parent / "snowflake_emulator"


@dataclass
class Warehouse:
    """Where a test project builds: `engine` is 'duckdb', 'postgres', 'spark' or 'snowflake'."""

    engine: str
    output: dict[str, Any]  # the dbt profile output
    schema: str  # where dbt builds the package's models
    duckdb_path: Path | None = None
    dsn: str | None = None
    spark: Any = None  # the SparkSession (spark_engine.local_spark)
    snowflake: SnowduckServer | None = None  # the emulator; `database` is the test's own
    database: str | None = None

    def schema_name(self, name: str) -> str:
        """The real name of the test's schema `name`: Spark's one catalog is shared by every test
        module, so there each warehouse prefixes its schemas with its own."""
        return f"{self.schema}_{name}" if self.spark is not None else name

    def load(self, tables: Mapping[str, pd.DataFrame], schema: str = "raw") -> None:
        if self.spark is not None:
            write_spark(tables, self.spark, self.schema_name(schema))
        elif self.snowflake is not None:
            self._write_snowflake(tables, schema)
        elif self.duckdb_path is not None:
            write_duckdb(tables, self.duckdb_path, schema)
        else:
            assert self.dsn is not None
            write_postgres(tables, self.dsn, schema)

    def execute(self, statement: str) -> None:
        if self.spark is not None:
            self.spark.sql(statement).collect()
            return
        if self.snowflake is not None:
            self._snowflake_rows(statement, fetch=False)
            return
        if self.duckdb_path is not None:
            with duckdb.connect(str(self.duckdb_path)) as con:
                con.execute(statement)
            return
        connection = psycopg2.connect(self.dsn)
        with connection, connection.cursor() as cursor:
            cursor.execute(statement)
        connection.close()

    def query(self, statement: str) -> pd.DataFrame:
        if self.spark is not None:
            return pd.DataFrame(self.spark.sql(statement).toPandas())
        if self.snowflake is not None:
            names, rows = self._snowflake_rows(statement)
            return pd.DataFrame(rows, columns=names)
        if self.duckdb_path is not None:
            with duckdb.connect(str(self.duckdb_path), read_only=True) as con:
                return con.execute(statement).df()
        connection = psycopg2.connect(self.dsn)
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
                names = [column.name for column in cursor.description or []]
                return pd.DataFrame(cursor.fetchall(), columns=names)
        finally:
            connection.close()

    def table(self, name: str) -> pd.DataFrame:
        return self.query(f"select * from {self.schema}.{name}")

    def relations(self) -> list[str]:
        """The names of the tables and views in the schema dbt builds in."""
        if self.spark is not None:  # Spark has no information_schema
            return [table.name for table in self.spark.catalog.listTables(self.schema)]
        schema = self.schema.upper() if self.snowflake is not None else self.schema
        found = self.query(
            f"select table_name from information_schema.tables where table_schema = '{schema}'"
        )
        return [str(name).lower() for name in found.table_name]

    def _snowflake_rows(
        self, statement: str, fetch: bool = True
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """The statement's column names and rows (none unless `fetch`: the emulator miscounts
        the one-row result of an `insert ... select`, and the connector then fails to read it).
        Snowflake folds unquoted names to upper case; the names come back in lower case, as
        DuckDB and Postgres give them to the tests."""
        assert self.snowflake is not None and self.database is not None
        connection = self.snowflake.connect(self.database, self.schema)
        try:
            cursor = connection.cursor()
            cursor.execute(statement)
            if not fetch:
                return [], []
            names = [column.name.lower() for column in cursor.description or []]
            return names, cursor.fetchall() if names else []
        finally:
            connection.close()

    def _write_snowflake(self, tables: Mapping[str, pd.DataFrame], schema: str) -> None:
        """Creates or replaces each table (name -> frame) in `schema`. The emulator has no PUT:
        each frame goes through a parquet file that its DuckDB reads (read_parquet), which keeps
        the column types (dates, timestamps with or without zone, booleans, nulls)."""
        self.execute(f"create schema if not exists {schema}")
        with tempfile.TemporaryDirectory(prefix="retrain_gate_snowflake_") as directory:
            for name, frame in tables.items():
                path = Path(directory) / f"{name}.parquet"
                frame.to_parquet(path, index=False)
                self.execute(
                    f"create or replace table {schema}.{name} "
                    f"as select * from read_parquet('{path}')"
                )


def duckdb_warehouse(directory: Path) -> Warehouse:
    path = directory / "warehouse.duckdb"
    output = {"type": "duckdb", "path": str(path), "threads": 2}
    return Warehouse("duckdb", output, "main", duckdb_path=path)


def postgres_warehouse(port: int, dsn: str, dbname: str) -> Warehouse:
    output = {
        "type": "postgres",
        "host": "127.0.0.1",
        "port": port,
        "user": "postgres",
        "password": "",
        "dbname": dbname,
        "schema": "public",
        "threads": 2,
    }
    return Warehouse("postgres", output, "public", dsn=dsn)


def spark_warehouse(root: Path, schema: str) -> Warehouse:
    output = {"type": "spark", "method": "session", "host": "NA", "schema": schema, "threads": 2}
    return Warehouse("spark", output, schema, spark=local_spark(root))


def snowflake_warehouse(server: SnowduckServer, database: str) -> Warehouse:
    server.create_database(database)
    output = server.profile(database, "public")
    return Warehouse("snowflake", output, "public", snowflake=server, database=database)


def write_spark(tables: Mapping[str, pd.DataFrame], spark: Any, schema: str) -> None:
    """Creates or replaces each table (name -> frame) in `schema`, as parquet tables."""
    spark.sql(f"create database if not exists `{schema}`")
    for name, frame in tables.items():
        data = spark.createDataFrame(frame) if len(frame) else _empty_spark_frame(spark, frame)
        data.write.mode("overwrite").format("parquet").saveAsTable(f"`{schema}`.`{name}`")


def _empty_spark_frame(spark: Any, frame: pd.DataFrame) -> Any:
    import pyarrow as pa

    return spark.createDataFrame(pa.Table.from_pandas(frame, preserve_index=False))


def _with_warning_gates(retrain_gate: Mapping[str, Any]) -> dict[str, Any]:
    """The config with its error gates warning, unless it sets gates itself: tests build data
    that breaks on purpose. A config without models is left as it is (it tests the var)."""
    if "models" not in retrain_gate:
        return dict(retrain_gate)
    return {"gates": {"fix_data": "warn", "fix_labels": "warn"}, **dict(retrain_gate)}


@dataclass
class DbtRun:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def text(self) -> str:
        """The output without dbt's colour codes, its whitespace runs collapsed to one space."""
        return " ".join(re.sub(r"\x1b\[[0-9;]*m", "", self.output).split())


def _release_dbt_duckdb() -> None:
    """dbt-duckdb keeps its database open for the life of the process, read-write; the tests
    then open the same file read-only, which DuckDB refuses within one process. Close it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    if DuckDBConnectionManager._ENV is not None:
        DuckDBConnectionManager._ENV.close()
    DuckDBConnectionManager.close_all_connections()


class Project:
    """A dbt project in `root` with retrain_gate installed from this checkout (local package),
    the given `retrain_gate` var, and sources {source: {schema, tables}}."""

    def __init__(
        self,
        root: Path,
        warehouse: Warehouse,
        retrain_gate: Mapping[str, Any],
        sources: Mapping[str, Sequence[str]],
        source_schema: str = "raw",
    ) -> None:
        self.root = root
        self.warehouse = warehouse
        root.mkdir(parents=True, exist_ok=True)
        (root / "models").mkdir(exist_ok=True)
        if warehouse.snowflake is not None:
            shutil.copytree(SNOWFLAKE_EMULATOR_MACROS, root / "macros", dirs_exist_ok=True)
        self.write_config(retrain_gate)
        (root / "packages.yml").write_text(
            yaml.safe_dump({"packages": [{"local": str(PACKAGE_ROOT)}]})
        )
        profile = {"test": {"target": "test", "outputs": {"test": warehouse.output}}}
        (root / "profiles.yml").write_text(yaml.safe_dump(profile))
        source_list = [
            {
                "name": name,
                "schema": warehouse.schema_name(source_schema),
                "tables": [{"name": t} for t in tables],
            }
            for name, tables in sources.items()
        ]
        (root / "models" / "sources.yml").write_text(
            yaml.safe_dump({"version": 2, "sources": source_list})
        )
        self.dbt("deps", "--quiet", check=True)

    def write_config(self, retrain_gate: Mapping[str, Any]) -> None:
        project = {
            "name": "retrain_gate_test",
            "version": "0.1.0",
            "config-version": 2,
            "profile": "test",
            "vars": {"retrain_gate": _with_warning_gates(retrain_gate)},
        }
        (self.root / "dbt_project.yml").write_text(yaml.safe_dump(project, sort_keys=False))

    def dbt(self, *args: str, check: bool = False) -> DbtRun:
        if self.warehouse.spark is not None:
            run = self.dbt_in_process(*args)
        else:
            command = [dbt_executable(), *args, "--project-dir", str(self.root)]
            command += ["--profiles-dir", str(self.root)]
            done = subprocess.run(command, cwd=self.root, capture_output=True, text=True)
            run = DbtRun(done.returncode, done.stdout + done.stderr)
        if check and not run.ok:
            raise AssertionError(f"dbt {' '.join(args)} failed:\n{run.output[-6000:]}")
        return run

    def dbt_in_process(self, *args: str) -> DbtRun:
        """A dbt command run inside this process, its log messages as the output. Spark's runs
        are all in process: dbt-spark's session method uses this process's SparkSession, the one
        the tests load and read tables through. Elsewhere, for commands expected to fail early,
        where starting a Python per call would cost more than the command."""
        lines: list[str] = []
        runner = dbtRunner(callbacks=[lambda event: lines.append(event.info.msg)])
        result = runner.invoke(
            [*args, "--project-dir", str(self.root), "--profiles-dir", str(self.root)]
        )
        if result.exception is not None:
            lines.append(str(result.exception))
        if self.warehouse.duckdb_path is not None:
            _release_dbt_duckdb()
        return DbtRun(0 if result.success else 1, "\n".join(lines))

    def build(self, as_of: str, *args: str) -> DbtRun:
        """`dbt build` with the as-of date pinned; fails the test if dbt fails."""
        return self.dbt(
            "build", "--vars", yaml.safe_dump({"retrain_gate_as_of": as_of}), *args, check=True
        )
