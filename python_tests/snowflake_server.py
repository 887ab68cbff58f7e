"""The Snowflake engine of the tests: the `snowduck` emulator (a Snowflake REST server over DuckDB)
started on a free port of 127.0.0.1 for the pytest process, stopped at the end. dbt-snowflake and
the tests reach it through the Snowflake connector, over http.

snowduck needs duckdb < 2 and the project pins duckdb 2, so it lives in its own virtualenv
(`make snowduck` makes it): $RETRAIN_GATE_SNOWDUCK names its executable, else `snowduck` on PATH.
The server runs with two fixes of snowduck_patched.py, with the Python beside that executable.
On Linux it is asked to end with the test process, even one killed outright (SIGKILL, a CI
timeout), so no emulator outlives its run.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pg_server import _free_port

#: Any non-empty values: the emulator accepts every login.
ACCOUNT = "retrain_gate_test"
USER = "dbt"
PASSWORD = "emulated"

_SERVER: SnowduckServer | None = None


PATCHED = Path(__file__).parent / "snowduck_patched.py"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _end_with_parent() -> None:
    """Runs in the emulator's process before exec: Linux sends it SIGTERM when the process that
    started it dies, however it dies. Elsewhere the test run's own `stop()` is all there is."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _executable() -> str:
    found = os.environ.get("RETRAIN_GATE_SNOWDUCK") or shutil.which("snowduck")
    if not found:
        raise RuntimeError(
            "The Snowflake tests need the snowduck emulator, which is not installed. "
            "Fix: `make snowduck` (its own virtualenv), then set RETRAIN_GATE_SNOWDUCK to the "
            "snowduck it prints, or run the tests through `make pytest`."
        )
    return found


class SnowduckServer:
    """`start()` runs the emulator in memory on a free port; `stop()` ends it."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="retrain_gate_snowduck_"))
        self.log_file = self.root / "server.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        with self.log_file.open("wb") as log:
            python = Path(_executable()).parent / "python"
            self._process = subprocess.Popen(
                [str(python), str(PATCHED), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_end_with_parent,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"snowduck exited at start:\n{self.log_file.read_text()}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"snowduck did not listen on port {self.port} in {timeout:.0f} s")

    @property
    def pid(self) -> int | None:
        """The emulator's process id, once started."""
        return self._process.pid if self._process is not None else None

    def profile(self, database: str, schema: str) -> dict[str, Any]:
        """A dbt-snowflake profile output for `database`.`schema` on this server."""
        return {
            "type": "snowflake",
            **self.connect_args(database, schema),
            # The emulator runs every session on one shared DuckDB connection: one thread.
            "threads": 1,
        }

    def connect_args(self, database: str | None, schema: str | None) -> dict[str, Any]:
        login = {"database": database, "schema": schema} if database else {}
        return {
            "account": ACCOUNT,
            "user": USER,
            "password": PASSWORD,
            **login,
            "warehouse": "test_wh",
            "host": "127.0.0.1",
            "port": self.port,
            "protocol": "http",
        }

    def connect(self, database: str | None = None, schema: str | None = None) -> Any:
        import snowflake.connector

        # A request the emulator answers with a 5xx fails after 10 minutes instead of being
        # retried forever (the connector's default); dbt's own connections have no such setting.
        return snowflake.connector.connect(
            **self.connect_args(database, schema), network_timeout=600
        )

    def create_database(self, name: str) -> None:
        # Without a database at login: the emulator creates the login's database itself. And
        # unlike Snowflake it makes a database without its PUBLIC schema.
        connection = self.connect()
        try:
            cursor = connection.cursor()
            cursor.execute(f"create database if not exists {name}")
            cursor.execute(f"create schema if not exists {name}.public")
        finally:
            connection.close()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def snowduck_server() -> SnowduckServer:
    """The process's emulator, started on first use (only modules that run on Snowflake pay)."""
    global _SERVER
    if _SERVER is None:
        server = SnowduckServer()
        server.start()
        _SERVER = server
    return _SERVER


def stop_snowduck_server() -> None:
    global _SERVER
    if _SERVER is not None:
        _SERVER.stop()
        _SERVER = None
