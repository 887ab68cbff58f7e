"""Writes the small demo log the lint project compiles against (`make lint-sql`), into a new
database: tables an earlier lint run built with an older schema of the package would stop its
incremental models."""

from __future__ import annotations

import sys
from pathlib import Path

from retrain_gate.demo.generator import generate_demo
from retrain_gate.demo.load import write_duckdb

LINTED_TABLES = ("fraud_predictions", "churn_scores")

if __name__ == "__main__":
    database = Path(sys.argv[1])
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
    data = generate_demo(rows_per_day=60)
    write_duckdb({name: data.tables[name] for name in LINTED_TABLES}, sys.argv[1])
