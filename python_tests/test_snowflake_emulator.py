"""The Snowflake emulator's fixes (snowduck_patched.py): timestamps with any fraction of a second
come back exact, where snowduck 0.3.0 failed on some (and the connector then retried forever).
And the emulator ends with the test process that started it, even one killed outright."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
from pg_server import stopped_within
from snowflake_server import snowduck_server

# starts the emulator, says its pid, and waits to be killed
OWNER = (
    "import time\n"
    "from snowflake_server import SnowduckServer\n"
    "server = SnowduckServer()\n"
    "server.start()\n"
    "print(server.pid, flush=True)\n"
    "time.sleep(600)\n"
)


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


def test_the_emulator_ends_with_a_killed_test_process() -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER], cwd=Path(__file__).parent, stdout=subprocess.PIPE, text=True
    )
    assert owner.stdout is not None
    emulator = int(owner.stdout.readline())
    owner.kill()
    owner.wait()
    assert stopped_within(emulator, 30)
