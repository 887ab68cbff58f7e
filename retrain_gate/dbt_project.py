"""Finding the user's dbt project and profiles, and running dbt for a project that uses
retrain_gate, in a subprocess of this Python."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from retrain_gate.errors import ProjectError

#: The repository root: the retrain_gate dbt package and its demo project live here.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEMO_PROJECT = PACKAGE_ROOT / "demo"

#: The selector of the package's own nodes (models and tests).
PACKAGE_SELECTOR = "package:retrain_gate"

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_RESULT_EVENTS = {
    "LogModelResult",
    "LogTestResult",
    "LogSeedResult",
    "LogSnapshotResult",
    "LogNodeResult",
    "LogFunctionResult",
}


def find_project_dir(project_dir: str | Path | None = None) -> Path:
    """The dbt project to read: `project_dir` (it must hold dbt_project.yml), else
    $DBT_PROJECT_DIR, else the nearest directory holding dbt_project.yml from the current one
    up. Raises ProjectError naming the fix when there is none."""
    if project_dir is None and os.environ.get("DBT_PROJECT_DIR"):
        project_dir = os.environ["DBT_PROJECT_DIR"]
    if project_dir is not None:
        path = Path(project_dir).expanduser().resolve()
        if not (path / "dbt_project.yml").is_file():
            raise ProjectError(
                f"no dbt project found: {path} holds no dbt_project.yml. Pass --project-dir "
                "with the directory of your dbt project (the one that installs retrain_gate)."
            )
        return path
    here = Path.cwd().resolve()
    for directory in (here, *here.parents):
        if (directory / "dbt_project.yml").is_file():
            return directory
    raise ProjectError(
        f"no dbt project found in {here} or above it: run retrain-gate from your dbt project's "
        "directory, or pass --project-dir (the directory holding dbt_project.yml)."
    )


def resolve_profiles_dir(project_dir: Path, profiles_dir: str | Path | None = None) -> Path:
    """Where profiles.yml is read from: `profiles_dir`, else $DBT_PROFILES_DIR, else the project
    directory when it holds a profiles.yml, else dbt's default (the current directory when it
    holds one, else ~/.dbt)."""
    if profiles_dir is not None:
        return Path(profiles_dir).expanduser().resolve()
    if os.environ.get("DBT_PROFILES_DIR"):
        return Path(os.environ["DBT_PROFILES_DIR"]).expanduser().resolve()
    if (project_dir / "profiles.yml").is_file():
        return project_dir
    if (Path.cwd() / "profiles.yml").is_file():
        return Path.cwd().resolve()
    return Path.home() / ".dbt"


def parse_vars(vars: Mapping[str, Any] | str | None) -> dict[str, Any]:
    """dbt's --vars: a mapping, or a YAML (or JSON) mapping as text."""
    if vars is None:
        return {}
    if isinstance(vars, str):
        import yaml

        try:
            parsed = yaml.safe_load(vars) if vars.strip() else {}
        except yaml.YAMLError as error:
            raise ProjectError(f"--vars is not a YAML mapping: {error}") from None
        if not isinstance(parsed, dict):
            raise ProjectError(f"--vars must be a YAML mapping, like '{{key: value}}': {vars!r}")
        return parsed
    return dict(vars)


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


@dataclass
class BuildResult:
    """What a `dbt build` did: its exit code, node statuses, and its warnings and errors."""

    returncode: int
    command: list[str]
    total: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def counts(self) -> str:
        parts = [f"{n} {status}" for status, n in sorted(self.statuses.items())]
        return ", ".join(parts) or "nothing run"


class _Progress:
    """A node counter: one line rewritten in place on a terminal, a line per node otherwise."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self.done = 0
        self.total = 0
        self.started = time.monotonic()
        self.width = 0

    def finished(self, status: str, name: str, seconds: float | None) -> None:
        self.done += 1
        took = f" ({seconds:.1f} s)" if seconds is not None else ""
        counter = f"[{self.done:>{len(str(self.total or 1))}}/{self.total or '?'}]"
        line = f"{counter} {status.upper():<7} {name}{took}"
        if self.tty:
            elapsed = f"  {time.monotonic() - self.started:.0f} s"
            shown = (line + elapsed)[: max(20, _terminal_width() - 1)]
            self.out.write("\r" + shown.ljust(self.width))
            self.width = len(shown)
            if status.lower() in ("error", "fail", "warn"):
                self.out.write("\n")
                self.width = 0
        else:
            self.out.write(line + "\n")
        self.out.flush()

    def close(self) -> None:
        if self.tty and self.width:
            self.out.write("\n")
            self.out.flush()


def _status(status: str, event: str) -> str:
    """A node's status in dbt's words (pass, warn, fail, error, skip, no-op), or ok for a
    model built (whose status is the adapter's response: OK, SELECT 1160, INSERT 0 12...)."""
    if event == "SkippingDetails":
        return "skip"
    word = status.strip().lower()
    for known in ("error", "fail", "warn", "pass", "skip", "no-op", "success"):
        if word.startswith(known):
            return "ok" if known == "success" else known
    return "ok"


def _terminal_width() -> int:
    columns = shutil.get_terminal_size((100, 24)).columns
    return columns if columns > 20 else 100


def build_with_progress(
    project_dir: Path,
    profiles_dir: Path | None = None,
    target: str | None = None,
    vars: Mapping[str, Any] | None = None,
    select: str = PACKAGE_SELECTOR,
    env: Mapping[str, str] | None = None,
    out: TextIO | None = None,
) -> BuildResult:
    """Runs `dbt build --select <select>` of the project in `project_dir` with dbt's JSON log,
    showing a node counter on `out` (stdout by default) instead of dbt's own lines; returns
    what happened. dbt runs in this process's working directory, as `dbt build --project-dir`
    typed here would (a relative DuckDB path in the profile means the same file). Does not
    raise when dbt fails: the result holds its exit code and error messages."""
    out = out or sys.stdout
    command = [dbt_executable(), "build", "--select", select, "--log-format", "json"]
    command += ["--project-dir", str(project_dir)]
    command += ["--profiles-dir", str(profiles_dir or project_dir)]
    if target:
        command += ["--target", target]
    if vars:
        command += ["--vars", json.dumps(dict(vars), default=str)]
    started = time.monotonic()
    result = BuildResult(returncode=0, command=command)
    progress = _Progress(out)
    raw: list[str] = []
    process = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        try:
            event = json.loads(line)
            name, level = event["info"]["name"], event["info"]["level"]
            data, message = event.get("data", {}), _ANSI.sub("", event["info"]["msg"]).strip()
        except (ValueError, KeyError, TypeError):
            raw.append(line.rstrip())
            continue
        if name == "ConcurrencyLine":
            progress.total = result.total = int(data.get("node_count", 0))
            out.write(
                f"dbt build --select {select}: {result.total} nodes, target "
                f"{data.get('target_name', '?')}, {data.get('num_threads', '?')} threads\n"
            )
            out.flush()
        elif name in _RESULT_EVENTS or name == "SkippingDetails":
            node = data.get("node_info", {})
            status = _status(str(data.get("status") or ""), name)
            label = f"{node.get('resource_type', '')} {node.get('node_name', '')}".strip()
            result.statuses[status] = result.statuses.get(status, 0) + 1
            seconds = data.get("execution_time")
            progress.finished(status, label, float(seconds) if seconds is not None else None)
        elif level in ("error", "warn") and message:
            found = result.errors if level == "error" else result.warnings
            if name.endswith("Message") and found:  # the detail of the line before
                found[-1] += f": {message}"
            else:
                found.append(message)
    result.returncode = process.wait()
    progress.close()
    result.seconds = time.monotonic() - started
    if not result.ok and not result.errors:
        result.errors = raw[-30:] or [f"dbt exited with {result.returncode}"]
    return result
