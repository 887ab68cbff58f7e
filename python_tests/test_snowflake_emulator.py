"""The Snowflake emulator's fixes (snowduck_patched.py): timestamps with any fraction of a second
come back exact, where snowduck 0.3.0 failed on some (and the connector then retried forever)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from snowflake_server import snowduck_server


def test_timestamps_keep_every_microsecond() -> None:
    rng = np.random.default_rng(7)
    start = dt.datetime(2026, 12, 6, 9, 40, 33)
    # every fraction the clock can give, a thousand of them; .521113 s failed before the fix
    micros = [521113, 0, 1, 999999, *rng.integers(0, 1_000_000, 996).tolist()]
    values = ", ".join(
        f"('{start + dt.timedelta(seconds=i, microseconds=m)}'::timestamp, {i})"
        for i, m in enumerate(micros)
    )
    connection = snowduck_server().connect()
    try:
        cursor = connection.cursor()
        cursor.execute(f"select t, i from (values {values}) as v(t, i) order by i")
        rows = cursor.fetchall()
    finally:
        connection.close()
    assert [row[0] for row in rows] == [
        start + dt.timedelta(seconds=i, microseconds=m) for i, m in enumerate(micros)
    ]
