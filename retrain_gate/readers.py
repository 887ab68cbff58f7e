"""Read retrain_gate's public tables into pandas, through the user's own dbt project and
profile, on any adapter dbt has installed (no second set of credentials).

    import retrain_gate

    decisions = retrain_gate.read_decisions("path/to/dbt_project")          # every date
    latest = retrain_gate.latest_decisions("path/to/dbt_project")           # one row per model
    signals = retrain_gate.read_signals(".", target="prod", since="2024-04-01")

    with retrain_gate.Warehouse("path/to/dbt_project") as warehouse:       # several reads,
        decisions = warehouse.decisions()                                  # one parse and
        bands = warehouse.band_outcomes(model_ids=["default_risk"])        # one connection

How it reads, and why this way:

1. Where. The tables live wherever the user's project builds the package's models: its
   target's database and schema, after its own `+schema`, `alias` and `generate_schema_name`
   rules. Only dbt knows that, so the project is parsed in-process with `dbtRunner` (dbt's
   supported programmatic API; partial parsing makes this about a second on an unchanged
   project) and each table's relation is taken from the parsed manifest.
2. How to connect. The same profile and target are loaded with dbt's own config loader and
   the adapter the profile names is registered, exactly as dbt's adapter test framework
   does (`flags.set_from_args`, `RuntimeConfig.from_args`, `register_adapter`). Whether a
   table exists is asked through the adapter (`get_relation`), so "not built yet" is told
   apart from a broken connection on every engine.
3. How to fetch. A plain `select` on the relation, through the adapter's connection, rows
   taken from its DB-API cursor, then given documented dtypes. On the demo's 138,000 signal
   rows this is about 5 s end to end, parse included, against 41 s and a 230 MB JSON string for
   `dbt show --inline ... --output json --limit -1`, which routes every cell through agate's
   type inference and Decimal numbers and hands dates back as text. Adapters without a DB-API
   cursor (BigQuery) fall back to `adapter.execute(fetch=True)`.

Dtypes, the same whatever the adapter: dates (eval_date, started_on, window_start, ...)
datetime64 at midnight; timestamps (evaluated_at, computed_at) naive datetime64 (UTC when the
engine returns time zones); counts (n_*, band, consecutive_days, n_breaches) nullable Int64;
other numbers float64; text in pandas' default string dtype. Columns a later version adds
are typed from their values.

The dbt internals used here are pinned by the package's `dbt-core>=1.11,<1.12` requirement.
One Warehouse may be open at a time in a process (dbt's adapter registry is global), and
not while the same process runs a dbtRunner command.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import threading
from argparse import Namespace
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from retrain_gate.dbt_project import find_project_dir, parse_vars, resolve_profiles_dir
from retrain_gate.errors import ProjectError, TablesNotBuiltError, WarehouseUnreachableError

PACKAGE = "retrain_gate"
DECISIONS = "retrain_gate_decisions"
SIGNALS = "retrain_gate_signals"
BAND_OUTCOMES = "retrain_gate_band_outcomes"
EXCLUSIONS = "retrain_gate_training_exclusions"
TRACK_RECORD = "retrain_gate_estimate_track_record"
PUBLIC_TABLES = (DECISIONS, SIGNALS, BAND_OUTCOMES, EXCLUSIONS, TRACK_RECORD)

#: What to run when a table is missing; the error messages name it.
BUILD_COMMAND = "`retrain-gate run` (or `dbt build --select package:retrain_gate`)"

_DATE_COLUMNS = frozenset(
    {
        "eval_date",
        "started_on",
        "first_breach_date",
        "window_start",
        "window_end",
        "reference_start",
        "reference_end",
        "start_date",
        "end_date",
        "estimated_on",
        "realized_on",
    }
)
_TIMESTAMP_COLUMNS = frozenset({"evaluated_at", "computed_at"})
_INTEGER_COLUMNS = frozenset({"band", "consecutive_days", "n_breaches", "within_interval"})
_FLOAT_COLUMNS = frozenset(
    {
        "value",
        "baseline",
        "z_score",
        "threshold",
        "warn_threshold",
        "breach_threshold",
        "band_lower",
        "band_upper",
        "observed_rate",
        "expected_rate",
        "observed_to_expected",
        "calibration_z",
        "bias",
        "mean_abs_error",
        "root_mean_sq_error",
        "loss_ratio",
        "loss_ratio_se",
        "proxy_rate",
        "target_per_proxy",
        "estimated_auc",
        "realized_auc",
        "estimated_auc_labelled",
        "shortfall_z",
    }
)
_TEXT_COLUMNS = frozenset(
    {
        "model_id",
        "verdict",
        "reason_code",
        "reason",
        "evidence",
        "invocation_id",
        "family",
        "check_name",
        "subject",
        "subject_type",
        "segment",
        "segment_name",
        "segment_value",
        "status",
        "detail",
        "fingerprint",
        "reason_kind",
        "estimated_status",
        "realized_status",
    }
)

#: pandas' own dtype for text: "str" from pandas 3 on (nulls NaN); object before.
_TEXT_DTYPE = pd.Series(["text"]).dtype

_open_lock = threading.Lock()
_open_warehouse: list[Warehouse] = []

DateLike = str | dt.date | pd.Timestamp


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_date(value: DateLike) -> str:
    day = pd.Timestamp(value).date()
    return f"cast('{day.isoformat()}' as date)"


def column_kind(name: str) -> str | None:
    """The documented kind of a public column: date, timestamp, integer, float or text; none
    for a column this version does not know (typed from its values). The contracts of
    models/marts/_marts.yml declare the same (python_tests/test_registry.py holds them equal)."""
    measure = name.removeprefix("reference_")
    kinds = [
        ("date", name in _DATE_COLUMNS),
        ("timestamp", name in _TIMESTAMP_COLUMNS),
        ("text", name in _TEXT_COLUMNS),
        ("integer", name in _INTEGER_COLUMNS or name.startswith(("n_", "reference_n_"))),
        ("float", measure in _FLOAT_COLUMNS or measure.startswith("sum_")),
    ]
    return next((kind for kind, matches in kinds if matches), None)


def _typed_column(name: str, values: pd.Series) -> pd.Series:
    """One column with its documented dtype (see the module docstring)."""
    kind = column_kind(name)
    if kind == "date":
        return pd.to_datetime(values).astype("datetime64[ns]")
    if kind == "timestamp":
        stamps = pd.to_datetime(values, utc=True)
        return stamps.dt.tz_localize(None).astype("datetime64[ns]")
    if kind == "text":
        # all-null text: the dtype pandas gives text (str since pandas 3), not object
        return values.astype(_TEXT_DTYPE) if values.dtype == object else values
    if kind == "integer":
        return pd.to_numeric(values).astype("Int64")
    if kind == "float":
        if values.dtype.kind in "fiu":
            return values.astype("float64")
        return pd.to_numeric(values.map(float, na_action="ignore")).astype("float64")
    present = values.dropna()
    if present.empty:
        return values
    sample = present.iloc[0]
    if isinstance(sample, dt.datetime):
        stamps = pd.to_datetime(values, utc=True)
        return stamps.dt.tz_localize(None).astype("datetime64[ns]")
    if isinstance(sample, dt.date):
        return pd.to_datetime(values).astype("datetime64[ns]")
    if isinstance(sample, decimal.Decimal | float):
        return pd.to_numeric(values.map(float, na_action="ignore")).astype("float64")
    return values


def typed_frame(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame of DB-API rows with the dtypes of the module docstring."""
    data: list[tuple[Any, ...]] = [tuple(row) for row in rows]
    frame = pd.DataFrame.from_records(data, columns=list(columns))
    frame.columns = [str(column).lower() for column in frame.columns]
    for name in frame.columns:
        frame[name] = _typed_column(name, frame[name])
    return frame


class Warehouse:
    """An open session on the warehouse of a dbt project that uses retrain_gate: the project
    parsed once and one connection of its adapter, for several reads. Use it as a context
    manager (or call close()).

    project_dir: the user's dbt project (see find_project_dir); profiles_dir: where its
    profiles.yml is (see resolve_profiles_dir); target: the profile's target (default: the
    profile's own default); vars: dbt --vars, as a mapping or YAML text.

    Raises ProjectError (no project, no profile, retrain_gate not installed, dbt cannot parse
    the project) and WarehouseUnreachableError; each read raises TablesNotBuiltError when its table
    does not exist yet in this target.
    """

    def __init__(
        self,
        project_dir: str | Path | None = None,
        profiles_dir: str | Path | None = None,
        target: str | None = None,
        vars: Mapping[str, Any] | str | None = None,
    ) -> None:
        self.project_dir = find_project_dir(project_dir)
        self.profiles_dir = resolve_profiles_dir(self.project_dir, profiles_dir)
        self.vars = parse_vars(vars)
        self._adapter: Any = None
        with _open_lock:
            if _open_warehouse:
                raise RuntimeError(
                    "a retrain_gate.Warehouse is already open in this process: close it first"
                )
            _open_warehouse.append(self)
        try:
            self._manifest = self._parse(target)
            self._open_adapter(target)
        except BaseException:
            self.close()
            raise

    # -- setup ---------------------------------------------------------------------------

    def _dbt_args(self, target: str | None) -> list[str]:
        args = ["--project-dir", str(self.project_dir), "--profiles-dir", str(self.profiles_dir)]
        if target:
            args += ["--target", target]
        if self.vars:
            args += ["--vars", json.dumps(self.vars, default=str)]
        return args

    def _parse(self, target: str | None) -> Any:
        from dbt.cli.main import dbtRunner

        result = dbtRunner().invoke(
            ["parse", *self._dbt_args(target), "--log-level", "none", "--no-write-json"]
        )
        if not result.success or result.result is None:
            detail = str(result.exception or "dbt parse failed (see logs/dbt.log)").strip()
            raise ProjectError(
                f"dbt could not load the project {self.project_dir} with the profiles in "
                f"{self.profiles_dir}: {detail}\nFix the project or profile (`dbt debug "
                f"--project-dir {self.project_dir}` checks both), then retry."
            )
        manifest: Any = result.result
        self._nodes: dict[str, Any] = {}
        for table in PUBLIC_TABLES:
            node = manifest.nodes.get(f"model.{PACKAGE}.{table}")
            if node is not None:
                self._nodes[table] = node
        if DECISIONS not in self._nodes and SIGNALS not in self._nodes:
            raise ProjectError(
                f"the dbt project {self.project_dir} does not install the retrain_gate package: "
                "add it to packages.yml, run `dbt deps`, and declare your models under "
                "vars.retrain_gate.models (README, 'Use it in your dbt project')."
            )
        self.project_name: str = str(manifest.metadata.project_name or "")
        return manifest

    def _open_adapter(self, target: str | None) -> None:
        from dbt import flags
        from dbt.adapters.factory import get_adapter, register_adapter, reset_adapters
        from dbt.config.runtime import RuntimeConfig
        from dbt.context.providers import generate_runtime_macro_context
        from dbt.context.query_header import generate_query_header_context
        from dbt.mp_context import get_mp_context

        args = Namespace(
            project_dir=str(self.project_dir),
            profiles_dir=str(self.profiles_dir),
            target=target,
            profile=None,
            threads=None,
            vars=self.vars,
        )
        try:
            flags.set_from_args(args, {})
            config = RuntimeConfig.from_args(args)
        except Exception as error:
            raise ProjectError(
                f"dbt could not load the profile of {self.project_dir}: {error}"
            ) from None
        reset_adapters()  # type: ignore[no-untyped-call]
        register_adapter(config, get_mp_context())
        adapter = get_adapter(config)
        adapter.set_macro_resolver(self._manifest)
        adapter.set_macro_context_generator(generate_runtime_macro_context)
        adapter.connections.set_query_header(generate_query_header_context(config, self._manifest))
        self._adapter = adapter
        self.target_name: str = str(config.target_name)
        self.adapter_type: str = str(config.credentials.type)
        adapter.acquire_connection("retrain_gate")
        try:
            adapter.connections.get_thread_connection().handle  # noqa: B018 (opens it)
        except Exception as error:
            raise WarehouseUnreachableError(
                f"cannot reach the warehouse of target '{self.target_name}' "
                f"({self.adapter_type}) in the profile of {self.project_dir}: "
                f"{str(error).strip()}\nCheck it with `dbt debug --project-dir "
                f"{self.project_dir} --profiles-dir {self.profiles_dir}`."
            ) from None

    def close(self) -> None:
        """Releases the connection and dbt's adapter (a DuckDB file is unlocked)."""
        if self._adapter is not None:
            from dbt.adapters.factory import reset_adapters

            manager = type(self._adapter.connections)
            try:
                self._adapter.release_connection()
            finally:
                reset_adapters()  # type: ignore[no-untyped-call]
                self._adapter = None
                # dbt-duckdb keeps its database open for the life of the process (keep_open,
                # default true), which would lock the file against the next dbt build: close
                # that process-wide environment too. Other adapters have none.
                environment = getattr(manager, "_ENV", None)
                if environment is not None and callable(getattr(environment, "close", None)):
                    environment.close()
                close_all = getattr(manager, "close_all_connections", None)
                if callable(close_all):
                    close_all()
        with _open_lock:
            if self in _open_warehouse:
                _open_warehouse.remove(self)

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------

    def relation(self, table: str) -> str:
        """The relation (database.schema.identifier, quoted as dbt quotes it) of a public table
        in this project and target."""
        node = self._node(table)
        return str(node.relation_name)

    def _node(self, table: str) -> Any:
        node = self._nodes.get(table)
        if node is None:
            raise TablesNotBuiltError(
                f"the installed retrain_gate package has no model {table}: update it (`dbt "
                f"deps`), then run {BUILD_COMMAND}."
            )
        return node

    def exists(self, table: str) -> bool:
        """Whether a public table has been built in this target."""
        if table not in self._nodes:
            return False
        node = self._nodes[table]
        try:
            found = self._adapter.get_relation(node.database, node.schema, node.alias)
        except Exception as error:
            raise WarehouseUnreachableError(
                f"cannot look up {table} in the warehouse of target '{self.target_name}': "
                f"{str(error).strip()}"
            ) from None
        return found is not None

    def query(self, sql: str) -> pd.DataFrame:
        """Runs `sql` through the project's adapter; a typed DataFrame of its rows."""
        add_query = getattr(self._adapter.connections, "add_query", None)
        if add_query is not None:
            _, cursor = add_query(sql)
            columns = [column[0] for column in cursor.description or []]
            return typed_frame(cursor.fetchall(), columns)
        _, table = self._adapter.execute(sql, fetch=True)
        return typed_frame([list(row) for row in table.rows], list(table.column_names))

    def read(self, table: str, where: Sequence[str] = (), order_by: str = "") -> pd.DataFrame:
        """Every row of a public table (those matching the SQL conditions `where`); raises
        TablesNotBuiltError when it does not exist yet."""
        node = self._node(table)
        if not self.exists(table):
            raise TablesNotBuiltError(
                f"{table} is not built yet in {node.relation_name} (target "
                f"'{self.target_name}'): run {BUILD_COMMAND} first."
            )
        sql = f"select * from {node.relation_name}"
        if where:
            sql += " where " + " and ".join(f"({condition})" for condition in where)
        if order_by:
            sql += f" order by {order_by}"
        return self.query(sql)

    @staticmethod
    def _filters(
        model_ids: Sequence[str] | None,
        since: DateLike | None,
        until: DateLike | None,
        date_column: str = "eval_date",
    ) -> list[str]:
        where = []
        if model_ids is not None:
            names = ", ".join(_sql_text(model_id) for model_id in model_ids) or "null"
            where.append(f"model_id in ({names})")
        if since is not None:
            where.append(f"{date_column} >= {_sql_date(since)}")
        if until is not None:
            where.append(f"{date_column} <= {_sql_date(until)}")
        return where

    def decisions(
        self,
        model_ids: Sequence[str] | None = None,
        since: DateLike | None = None,
        until: DateLike | None = None,
    ) -> pd.DataFrame:
        """retrain_gate_decisions: one row per model_id and eval_date (verdict, reason_code,
        reason, started_on, n_breaches, evidence, invocation_id, evaluated_at)."""
        where = self._filters(model_ids, since, until)
        return self.read(DECISIONS, where, order_by="model_id, eval_date")

    def latest_decisions(self, model_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """The decision of each model's latest evaluation date, one row per model."""
        return latest(self.decisions(model_ids))

    def signals(
        self,
        model_ids: Sequence[str] | None = None,
        since: DateLike | None = None,
        until: DateLike | None = None,
        families: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """retrain_gate_signals: one row per model, evaluation date, check, subject and
        segment (families: drift, integrity, outcome, trust)."""
        where = self._filters(model_ids, since, until)
        if families is not None:
            where.append(f"family in ({', '.join(_sql_text(f) for f in families) or 'null'})")
        return self.read(SIGNALS, where)

    def band_outcomes(
        self,
        model_ids: Sequence[str] | None = None,
        since: DateLike | None = None,
        until: DateLike | None = None,
    ) -> pd.DataFrame:
        """retrain_gate_band_outcomes: outcomes per model, evaluation date, segment and score
        band, with the reference's figures alongside."""
        return self.read(BAND_OUTCOMES, self._filters(model_ids, since, until))

    def exclusions(self, model_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """retrain_gate_training_exclusions: the dates and segments a retrain must leave out."""
        return self.read(EXCLUSIONS, self._filters(model_ids, None, None))


def latest(decisions: pd.DataFrame) -> pd.DataFrame:
    """The row of each model's latest eval_date in a decisions frame, ordered by model_id."""
    if decisions.empty:
        return decisions
    last = decisions.groupby("model_id")["eval_date"].transform("max")
    rows = decisions[decisions["eval_date"] == last]
    return rows.sort_values("model_id").reset_index(drop=True)


def read_decisions(
    project_dir: str | Path | None = None,
    profiles_dir: str | Path | None = None,
    target: str | None = None,
    vars: Mapping[str, Any] | str | None = None,
    model_ids: Sequence[str] | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
) -> pd.DataFrame:
    """retrain_gate_decisions of the dbt project in `project_dir` (see Warehouse)."""
    with Warehouse(project_dir, profiles_dir, target, vars) as warehouse:
        return warehouse.decisions(model_ids, since, until)


def latest_decisions(
    project_dir: str | Path | None = None,
    profiles_dir: str | Path | None = None,
    target: str | None = None,
    vars: Mapping[str, Any] | str | None = None,
    model_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Each model's decision on its latest evaluation date (see Warehouse)."""
    with Warehouse(project_dir, profiles_dir, target, vars) as warehouse:
        return warehouse.latest_decisions(model_ids)


def read_signals(
    project_dir: str | Path | None = None,
    profiles_dir: str | Path | None = None,
    target: str | None = None,
    vars: Mapping[str, Any] | str | None = None,
    model_ids: Sequence[str] | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    families: Sequence[str] | None = None,
) -> pd.DataFrame:
    """retrain_gate_signals of the dbt project in `project_dir` (see Warehouse)."""
    with Warehouse(project_dir, profiles_dir, target, vars) as warehouse:
        return warehouse.signals(model_ids, since, until, families)


def read_band_outcomes(
    project_dir: str | Path | None = None,
    profiles_dir: str | Path | None = None,
    target: str | None = None,
    vars: Mapping[str, Any] | str | None = None,
    model_ids: Sequence[str] | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
) -> pd.DataFrame:
    """retrain_gate_band_outcomes of the dbt project in `project_dir` (see Warehouse)."""
    with Warehouse(project_dir, profiles_dir, target, vars) as warehouse:
        return warehouse.band_outcomes(model_ids, since, until)


def read_exclusions(
    project_dir: str | Path | None = None,
    profiles_dir: str | Path | None = None,
    target: str | None = None,
    vars: Mapping[str, Any] | str | None = None,
    model_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """retrain_gate_training_exclusions of the dbt project in `project_dir` (see Warehouse)."""
    with Warehouse(project_dir, profiles_dir, target, vars) as warehouse:
        return warehouse.exclusions(model_ids)
