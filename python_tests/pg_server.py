"""A throwaway PostgreSQL server for the test run: initdb in a temporary directory, started on a
free port of 127.0.0.1, stopped and deleted at the end.

A test process killed outright (SIGKILL, a CI timeout) cannot stop its server: `pg_ctl` started
it as a daemon, so it outlives its owner, holding memory and a port. Each server's directory is
therefore named after its owner (pid and process start time), and every `start()` first stops
the servers whose owner is gone and deletes their directories (`reap_orphans`).

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
import time
from pathlib import Path

import psycopg2

SERVER_USER = "postgres"
DIRECTORY_PREFIX = "retrain_gate_pg_"


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


def _stat_fields(pid: int) -> list[str] | None:
    """Fields 3 onwards of /proc/<pid>/stat (state first); None when no such process exists.
    The command name (field 2) is in parentheses and may hold spaces: split after it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22), which tells a live owner
    from a new process that reuses its pid; None when no such process runs."""
    fields = _stat_fields(pid)
    return fields[19] if fields else None


def running(pid: int) -> bool:
    """True while the process exists and is not a zombie (a container's pid 1 may never reap
    the postmaster it inherited)."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] != "Z"


def stopped_within(pid: int, seconds: float) -> bool:
    """Waits up to `seconds` for the process to end; True if it did."""
    deadline = time.monotonic() + seconds
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not running(pid)


def _owner_tag(pid: int) -> str:
    return f"{pid}-{_start_time(pid)}"


def _owner_is_gone(directory: Path) -> bool:
    tag = directory.name.removeprefix(DIRECTORY_PREFIX).split("_", 1)[0]
    pid, _, start_time = tag.partition("-")
    if not (pid.isdigit() and start_time.isdigit()):
        return False  # named before owners were, or where /proc is missing: not ours to judge
    return _start_time(int(pid)) != start_time


def _stop_server(data_dir: Path) -> None:
    if (data_dir / "postmaster.pid").exists():
        with contextlib.suppress(subprocess.CalledProcessError, RuntimeError):
            _run_as_server_user(
                _find_binary("pg_ctl"), "-D", str(data_dir), "-m", "immediate", "stop"
            )


def _run_as_server_user(*args: str) -> None:
    command = ["runuser", "-u", SERVER_USER, "--", *args] if os.geteuid() == 0 else list(args)
    subprocess.run(command, check=True, capture_output=True, text=True)


def reap_orphans() -> list[Path]:
    """Stops the server of every throwaway directory whose owning process is gone, deletes the
    directory, and returns the directories reaped."""
    reaped = []
    for directory in sorted(Path(tempfile.gettempdir()).glob(f"{DIRECTORY_PREFIX}*")):
        if directory.is_dir() and _owner_is_gone(directory):
            _stop_server(directory / "data")
            shutil.rmtree(directory, ignore_errors=True)
            reaped.append(directory)
    return reaped


class ThrowawayPostgres:
    """Start with `start()`, stop with `stop()`; `dsn(dbname)` connects over TCP to 127.0.0.1."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix=f"{DIRECTORY_PREFIX}{_owner_tag(os.getpid())}_"))
        self.data_dir = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log_file = self.root / "server.log"

    def start(self) -> None:
        reap_orphans()
        self.socket_dir.mkdir(parents=True)
        if os.geteuid() == 0:
            user = pwd.getpwnam(SERVER_USER)
            for path in (self.root, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
        _run_as_server_user(
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
        _run_as_server_user(
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
        _stop_server(self.data_dir)
        shutil.rmtree(self.root, ignore_errors=True)
