"""Running dbt for a project that uses retrain_gate, in a subprocess of this Python."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

#: The repository root: the retrain_gate dbt package and its demo project live here.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEMO_PROJECT = PACKAGE_ROOT / "demo"


class DbtError(RuntimeError):
    """A dbt command failed; the message holds the command and the end of its output."""


def dbt_executable() -> str:
    """The dbt next to this Python (the venv's), else the one on PATH."""
    local = Path(sys.executable).with_name("dbt")
    return str(local) if local.exists() else "dbt"


def run_dbt(
    args: Sequence[str],
    project_dir: Path,
    profiles_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
    echo: bool = True,
) -> str:
    """Runs `dbt <args>` in `project_dir`; returns its output, raises DbtError on failure."""
    command = [dbt_executable(), *args, "--project-dir", str(project_dir)]
    command += ["--profiles-dir", str(profiles_dir or project_dir)]
    process = subprocess.Popen(
        command,
        cwd=project_dir,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if echo:
            print(line, end="", flush=True)
    if process.wait() != 0:
        tail = "".join(lines[-40:])
        raise DbtError(f"`{' '.join(command)}` failed (exit {process.returncode}):\n{tail}")
    return "".join(lines)
