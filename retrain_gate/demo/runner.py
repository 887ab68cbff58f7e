"""`retrain-gate demo`: generate the demo data, build retrain_gate on it, print the summary and
every model's verdict, and write the report."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from retrain_gate.dbt_project import DEMO_PROJECT, DbtError, build_with_progress, run_dbt
from retrain_gate.demo.generator import generate_demo
from retrain_gate.demo.load import write_duckdb
from retrain_gate.readers import Warehouse
from retrain_gate.report import write_report
from retrain_gate.summary import drift_summary, findings_summary, verdict_counts, verdict_table


@contextmanager
def _environ(values: Mapping[str, str]) -> Iterator[None]:
    """os.environ with `values` set, restored afterwards (dbt reads the profile's env_var()s
    from the process environment)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_demo(db: Path, rows_per_day: int = 2000, seed: int = 7, report: Path | None = None) -> str:
    """Writes the demo logs to the DuckDB file `db`, runs `dbt build` of the demo project on
    it, prints (and returns) the drift, integrity, outcome and trust summary of its latest
    evaluation date and every model's verdict and reason, and writes the report (default:
    report.html next to `db`)."""
    print(f"Generating the demo prediction logs ({rows_per_day} rows per model per day) ...")
    data = generate_demo(seed=seed, rows_per_day=rows_per_day)
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    write_duckdb(data.tables, db)
    rows = sum(len(frame) for frame in data.tables.values())
    print(f"Wrote {rows:,} rows to {db} (schema demo_raw).\n")

    env = {"RETRAIN_GATE_DEMO_DB": str(db.resolve())}
    run_dbt(["deps", "--quiet"], DEMO_PROJECT, env=env, echo=False)
    built = build_with_progress(DEMO_PROJECT, env=env)
    if not built.ok:
        errors = "\n".join(built.errors[-20:])
        raise DbtError(f"`{' '.join(built.command)}` failed (exit {built.returncode}):\n{errors}")
    print(f"dbt build: {built.counts()} in {built.seconds:.0f} s")

    report_path = report or db.parent / "report.html"
    with _environ(env), Warehouse(DEMO_PROJECT, DEMO_PROJECT) as warehouse:
        signals = warehouse.signals()
        latest = warehouse.latest_decisions()
        write_report(warehouse, report_path)

    sections = [f"Drift on {data.as_of} (all segments):\n\n{drift_summary(signals)}"]
    for family in ("integrity", "outcome", "trust"):
        title = f"{family.capitalize()} on {data.as_of} (all segments)"
        sections.append(f"{title}:\n\n{findings_summary(signals, family)}")
    sections.append(
        f"Verdicts on {data.as_of} ({verdict_counts(latest)}):\n\n{verdict_table(latest, 120)}"
    )
    sections.append(f"Report: {report_path.resolve()}")
    summary = "\n\n".join(sections)
    print(f"\n{summary}")
    return summary
