"""The throwaway Postgres of the test run: a server whose owning process was killed outright is
stopped and deleted by the next server's start; a live owner's server, and a directory this
module did not name, are left alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pg_server import DIRECTORY_PREFIX, ThrowawayPostgres, reap_orphans, running, stopped_within

HERE = Path(__file__).parent
# starts a server, says where, and waits to be killed
OWNER = (
    "import time\n"
    "from pg_server import ThrowawayPostgres\n"
    "server = ThrowawayPostgres()\n"
    "server.start()\n"
    "print(server.root, flush=True)\n"
    "time.sleep(600)\n"
)


def test_a_server_whose_owner_was_killed_is_stopped_and_deleted() -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER], cwd=HERE, stdout=subprocess.PIPE, text=True
    )
    assert owner.stdout is not None
    root = Path(owner.stdout.readline().strip())
    postmaster = int((root / "data" / "postmaster.pid").read_text().split()[0])
    owner.kill()
    owner.wait()
    assert running(postmaster), "the server should outlive its killed owner: nothing to reap"

    assert root in reap_orphans()
    assert not root.exists()
    assert stopped_within(postmaster, 30)


def test_a_live_owners_server_and_a_foreign_directory_are_kept(
    pg_server: ThrowawayPostgres,
) -> None:
    foreign = Path(tempfile.mkdtemp(prefix=f"{DIRECTORY_PREFIX}not-ours_"))
    try:
        reaped = reap_orphans()
        assert pg_server.root not in reaped and foreign not in reaped
        assert (pg_server.data_dir / "postmaster.pid").exists()
        assert foreign.exists()
    finally:
        shutil.rmtree(foreign)


def test_a_reused_pid_does_not_keep_a_dead_owners_directory() -> None:
    # this process's pid with a start time it does not have: an owner that died, its pid reused
    stale = Path(tempfile.mkdtemp(prefix=f"{DIRECTORY_PREFIX}{os.getpid()}-1_"))
    assert stale in reap_orphans()
    assert not stale.exists()
