"""Writes tables of pandas frames (the demo's, the tests') into DuckDB or Postgres."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import psycopg2
from psycopg2 import sql

# COPY reads this as NULL, so an empty string stays an empty string.
_NULL = r"\N"


def write_duckdb(
    tables: Mapping[str, pd.DataFrame], path: str | Path, schema: str = "demo_raw"
) -> None:
    """Creates or replaces each table (name -> frame) in `schema` of the DuckDB file `path`."""
    con = duckdb.connect(str(path))
    try:
        con.execute(f"create schema if not exists {_quote(schema)}")
        for name, frame in tables.items():
            con.register("demo_frame", frame)
            con.execute(
                f"create or replace table {_quote(schema)}.{_quote(name)} "
                "as select * from demo_frame"
            )
            con.unregister("demo_frame")
    finally:
        con.close()


def write_postgres(tables: Mapping[str, pd.DataFrame], dsn: str, schema: str = "demo_raw") -> None:
    """Drops and recreates `schema`, then bulk-loads each table (name -> frame) with COPY."""
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))
            cur.execute(sql.SQL("create schema {}").format(sql.Identifier(schema)))
            for name, frame in tables.items():
                table = sql.Identifier(schema, name)
                columns = sql.SQL(", ").join(
                    sql.SQL("{} {}").format(
                        sql.Identifier(str(column)), sql.SQL(_pg_type(frame[column]))
                    )
                    for column in frame.columns
                )
                cur.execute(sql.SQL("create table {} ({})").format(table, columns))
                buffer = io.StringIO()
                frame.to_csv(buffer, index=False, header=False, na_rep=_NULL)
                buffer.seek(0)
                copy = sql.SQL("copy {} from stdin with (format csv, null {})").format(
                    table, sql.Literal(_NULL)
                )
                cur.copy_expert(copy.as_string(cur), buffer)
                # Planner statistics now, as autovacuum would give a long-lived table.
                cur.execute(sql.SQL("analyze {}").format(table))
    finally:
        conn.close()


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _pg_type(column: pd.Series) -> str:
    """The Postgres type for a generated column (pandas has no date dtype: dates are objects)."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer" if str(dtype).lower() in {"int8", "int16", "int32"} else "bigint"
    if pd.api.types.is_float_dtype(dtype):
        return "double precision"
    if pd.api.types.is_datetime64_dtype(dtype):
        return "timestamp"
    values = column.dropna()
    if len(values) and all(isinstance(value, date) for value in values):
        return "date"
    return "text"
