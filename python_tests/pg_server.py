"""A throwaway PostgreSQL server for the test run: initdb in a temporary directory, started on a
free port of 127.0.0.1, stopped and deleted at the end.

PostgreSQL refuses to run as root, so when the tests run as root (CI does) the server runs as
the `postgres` system user, on a data and socket directory that user owns.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg2

SERVER_USER = "postgres"


def _find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise RuntimeError(
        f"PostgreSQL's {name} is not installed; the Postgres tests need a server. "
        "Fix: apt-get install -y postgresql (or put initdb and pg_ctl on PATH)."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayPostgres:
    """Start with `start()`, stop with `stop()`; `dsn(dbname)` connects over TCP to 127.0.0.1."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="retrain_gate_pg_"))
        self.data_dir = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log_file = self.root / "server.log"
        self._as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = ["runuser", "-u", SERVER_USER, "--", *args] if self._as_root else list(args)
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> None:
        self.socket_dir.mkdir(parents=True)
        if self._as_root:
            user = pwd.getpwnam(SERVER_USER)
            for path in (self.root, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
        self._run(
            _find_binary("initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            SERVER_USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        # Durability is not wanted in a throwaway server; speed is.
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            _find_binary("pg_ctl"),
            "-D",
            str(self.data_dir),
            "-l",
            str(self.log_file),
            "-o",
            options,
            "-w",
            "start",
        )

    def create_database(self, name: str) -> None:
        connection = psycopg2.connect(self.dsn("postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'drop database if exists "{name}"')
            cursor.execute(f'create database "{name}"')
        connection.close()

    def dsn(self, dbname: str) -> str:
        return f"host=127.0.0.1 port={self.port} user={SERVER_USER} dbname={dbname}"

    def stop(self) -> None:
        # Never started, or already stopped: the directory goes anyway.
        if self.data_dir.exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                pg_ctl = _find_binary("pg_ctl")
                self._run(pg_ctl, "-D", str(self.data_dir), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
