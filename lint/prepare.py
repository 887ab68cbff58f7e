"""Writes the small demo log the lint project compiles against (`make lint-sql`)."""

from __future__ import annotations

import sys

from retrain_gate.demo.generator import generate_demo
from retrain_gate.demo.load import write_duckdb

LINTED_TABLES = ("fraud_predictions", "churn_scores")

if __name__ == "__main__":
    data = generate_demo(rows_per_day=60)
    write_duckdb({name: data.tables[name] for name in LINTED_TABLES}, sys.argv[1])
