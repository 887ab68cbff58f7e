"""The two side effects of `retrain-gate notify`: its state file (read whole, written
atomically) and the HTTP POST to the webhook (standard library only).

The state file is JSON:

    {"version": 1,
     "seen": {model_id: the latest eval_date notify has looked at, ...},
     "notifications": [{"key", "status": "pending" | "delivered", "event", "created_at",
                        "attempts", "last_error", "delivered_at"}, ...]}   # oldest first

Errors name the webhook's host (and port) only, never its URL: webhook URLs carry secrets.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from retrain_gate import __version__
from retrain_gate.errors import NotifyError

STATE_VERSION = 1


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def webhook_host(url: str) -> str:
    """'hooks.slack.com' or '127.0.0.1:8080': what messages may say of a webhook URL."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "?"
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


def check_webhook(url: str) -> str:
    """`url` when it is an http(s) URL with a host; raises ValueError (without it) otherwise."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("the webhook must be an http:// or https:// URL with a host")
    return url


def empty_state() -> dict[str, Any]:
    return {"version": STATE_VERSION, "seen": {}, "notifications": []}


def load_state(path: Path) -> dict[str, Any]:
    """The state in `path`, or an empty one when the file does not exist yet."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return empty_state()
    except (OSError, ValueError) as error:
        raise NotifyError(
            f"cannot read the notify state file {path}: {error}. Fix it, or delete it (the "
            "changes of the latest evaluation date are then notified again)."
        ) from None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise NotifyError(
            f"the notify state file {path} is not a version {STATE_VERSION} state of "
            "retrain-gate notify: pass another --state, or delete it."
        )
    state.setdefault("seen", {})
    state.setdefault("notifications", [])
    return state


def save_state(path: Path, state: dict[str, Any]) -> None:
    """Writes `state` to `path` atomically: a temporary file in the same directory, flushed to
    disk, then os.replace, so a crash leaves the old state or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(state, out, indent=2, sort_keys=False)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def post(url: str, payload: dict[str, Any], timeout: float) -> None:
    """POSTs `payload` as JSON; raises NotifyError naming the host on a refused or failed
    connection, an HTTP error status or a timeout."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": f"retrain-gate/{__version__}",
        },
        method="POST",
    )
    host = webhook_host(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = f"answered HTTP {error.code} ({error.reason})"
    except urllib.error.URLError as error:
        reason = error.reason
        timed_out = isinstance(reason, TimeoutError)
        detail = f"timed out after {timeout:g} s" if timed_out else f"is unreachable ({reason})"
    except TimeoutError:
        detail = f"timed out after {timeout:g} s"
    except (OSError, http.client.HTTPException) as error:
        detail = f"failed ({type(error).__name__}: {error})"
    else:
        return
    raise NotifyError(f"the webhook at {host} {detail.replace(url, host)}")
