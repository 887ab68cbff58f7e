"""`retrain-gate notify` against a webhook server on 127.0.0.1 (http.server in a thread): the
Slack and JSON bodies, once per verdict change (reruns post nothing), retries of what a 500, a
timeout or a closed port left pending, and the digest once per evaluation date.

No dbt build: a dbt project that installs retrain_gate from this checkout (parsed once, then
partial parsing) reads a DuckDB file whose retrain_gate_decisions holds hand-written rows."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from notify_hook import REPORT, SECRET, Hook, decide, make_project

from retrain_gate.cli import main


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    yield server
    server.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("notify_project"))


def notify(project: Path, hook_url: str, *args: str, state: Path | None = None) -> int:
    argv = ["notify", "--project-dir", str(project), "--webhook", hook_url, *args]
    return main([*argv, "--state", str(state)] if state else argv)


def test_slack_body_of_a_verdict_change_and_the_default_state_file(
    project: Path, hook: Hook, capsys: pytest.CaptureFixture[str]
) -> None:
    decide(project, {"m1": ["healthy", "healthy", "hold"], "m2": ["retrain", "retrain"]})
    assert notify(project, hook.url, "--report-url", REPORT) == 0
    assert [r["path"] for r in hook.requests] == [SECRET]  # m2 did not change: not posted
    request = hook.requests[0]
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    body = request["body"]
    assert body["text"] == "retrain_gate: m1 is now hold (was healthy) since 2024-04-03"
    assert [b["type"] for b in body["blocks"]] == ["section", "section", "context"]
    assert body["blocks"][0]["text"] == {
        "type": "mrkdwn",
        "text": "*m1*: `healthy` → *`hold`* since 2024-04-03 (evaluated 2024-04-03)",
    }
    assert body["blocks"][1]["text"]["text"] == (
        "Hold: the drift began during the campaign &lt;spring &amp; sale&gt;."
    )
    assert body["blocks"][2]["elements"][0]["text"] == (
        f"reason code `event.campaign` · <{REPORT}|Open the report> · "
        "project notify_test, target dev"
    )
    out = capsys.readouterr().out
    assert f"posted 1 verdict change(s) and 0 digest(s) to {hook.host}" in out
    assert SECRET not in out
    state = project / "target" / "retrain_gate_notify_state.json"
    saved = json.loads(state.read_text())
    assert saved["seen"] == {"m1": "2024-04-03", "m2": "2024-04-02"}
    [item] = saved["notifications"]
    assert item["key"] == "change|m1|2024-04-03|hold" and item["status"] == "delivered"
    assert [p.name for p in state.parent.iterdir() if p.name.endswith(".tmp")] == []
    state.unlink()


def test_json_body_of_a_verdict_change(project: Path, hook: Hook, tmp_path: Path) -> None:
    decide(project, {"m1": ["healthy", "retrain", "retrain", "fix_data"]})
    assert notify(project, hook.url, "--format", "json", state=tmp_path / "s.json") == 0
    assert hook.bodies() == [
        {
            "schema": "retrain_gate.notify/1",
            "kind": "verdict_change",
            "project": "notify_test",
            "target": "dev",
            "model_id": "m1",
            "verdict": "fix_data",
            "previous_verdict": "retrain",
            "since": "2024-04-04",
            "eval_date": "2024-04-04",
            "reason_code": "integrity.null_rate",
            "reason": "Fix the data: x is null in 45% of rows (reference 0%).",
            "exit_code": 15,
            "report_url": None,
        }
    ]


def test_each_change_is_posted_once(project: Path, hook: Hook, tmp_path: Path) -> None:
    state = tmp_path / "state.json"

    def night(verdicts: list[str]) -> list[tuple[str, str, str]]:
        """Decides the nights so far, runs notify; what it posted (verdict, was, since)."""
        hook.requests.clear()
        decide(project, {"m1": verdicts, "m2": ["healthy"] * len(verdicts)})
        assert notify(project, hook.url, "--format", "json", state=state) == 0
        return [(b["verdict"], b["previous_verdict"], b["since"]) for b in hook.bodies()]

    assert night(["healthy"]) == []  # a first decision is not a change
    assert night(["healthy", "healthy"]) == []
    assert night(["healthy", "healthy", "retrain"]) == [("retrain", "healthy", "2024-04-03")]
    assert night(["healthy", "healthy", "retrain"]) == []  # the same night again
    assert night(["healthy", "healthy", "retrain", "retrain"]) == []
    assert night(["healthy", "healthy", "retrain", "retrain", "hold"]) == [
        ("hold", "retrain", "2024-04-05")
    ]
    # a rerun of that night that decides otherwise is a new change
    assert night(["healthy", "healthy", "retrain", "retrain", "fix_data"]) == [
        ("fix_data", "retrain", "2024-04-05")
    ]
    assert night(["healthy", "healthy", "retrain", "retrain", "fix_data", "fix_data"]) == []
    # two nights decided at once (notify missed one): the change on the first is still posted
    history = ["healthy", "healthy", "retrain", "retrain", "fix_data", "fix_data", "hold", "hold"]
    assert night(history) == [("hold", "fix_data", "2024-04-07")]
    assert night(history) == []


def test_a_failed_delivery_is_retried_by_the_next_run(
    project: Path, hook: Hook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state.json"
    decide(project, {"m1": ["healthy", "no_retrain"]})
    hook.replies = [(500, 0.0)]
    assert notify(project, hook.url, state=state) == 8
    error = capsys.readouterr().err
    assert f"the webhook at {hook.host} answered HTTP 500" in error
    assert "0 notification(s) delivered, 1 pending" in error and SECRET not in error
    [item] = json.loads(state.read_text())["notifications"]
    assert (
        item["status"] == "pending" and item["attempts"] == 1 and "HTTP 500" in item["last_error"]
    )

    assert notify(project, hook.url, state=state) == 0
    assert len(hook.requests) == 2 and hook.bodies()[0] == hook.bodies()[1]
    assert (
        hook.bodies()[1]["text"]
        == "retrain_gate: m1 is now no_retrain (was healthy) since 2024-04-02"
    )
    [item] = json.loads(state.read_text())["notifications"]
    assert item["status"] == "delivered" and item["attempts"] == 2 and item["last_error"] is None

    assert notify(project, hook.url, state=state) == 0
    assert len(hook.requests) == 2


def test_a_timeout_leaves_it_pending(
    project: Path, hook: Hook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "state.json"
    decide(project, {"m1": ["healthy", "retrain"]})
    hook.replies = [(200, 3.0)]
    started = time.monotonic()
    assert notify(project, hook.url, "--timeout", "0.5", state=state) == 8
    assert time.monotonic() - started < 2.5
    error = capsys.readouterr().err
    assert f"the webhook at {hook.host} timed out after 0.5 s" in error and SECRET not in error
    [item] = json.loads(state.read_text())["notifications"]
    assert item["status"] == "pending" and item["event"]["verdict"] == "retrain"


def test_an_unreachable_webhook(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: nothing listens there
    state = tmp_path / "state.json"
    decide(project, {"m1": ["hold", "healthy"], "m2": ["healthy", "fix_data"]})
    assert notify(project, f"http://127.0.0.1:{port}{SECRET}", state=state) == 8
    error = capsys.readouterr().err
    assert f"the webhook at 127.0.0.1:{port} is unreachable" in error and SECRET not in error
    assert "0 notification(s) delivered, 2 pending" in error
    items = json.loads(state.read_text())["notifications"]
    assert [(i["event"]["model_id"], i["status"]) for i in items] == [
        ("m2", "pending"),  # the most urgent first
        ("m1", "pending"),
    ]


def test_the_digest_is_posted_once_per_evaluation_date(
    project: Path, hook: Hook, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    decide(project, {"m1": ["healthy", "healthy"], "m2": ["hold", "fix_data"], "m3": ["hold"] * 2})
    assert notify(project, hook.url, "--digest", "--format", "json", state=state) == 0
    change, digest = hook.bodies()
    assert change["kind"] == "verdict_change" and change["model_id"] == "m2"
    assert digest["kind"] == "digest" and digest["eval_date"] == "2024-04-02"
    assert digest["counts"] == {"fix_data": 1, "hold": 1, "healthy": 1}
    assert [
        (m["model_id"], m["verdict"], m["previous_verdict"], m["since"]) for m in digest["models"]
    ] == [
        ("m2", "fix_data", "hold", "2024-04-02"),
        ("m3", "hold", None, "2024-04-01"),
        ("m1", "healthy", None, "2024-04-01"),
    ]
    assert notify(project, hook.url, "--digest", "--format", "json", state=state) == 0
    assert len(hook.requests) == 2  # the same night again: nothing

    decide(
        project, {"m1": ["healthy"] * 3, "m2": ["hold", "fix_data", "fix_data"], "m3": ["hold"] * 3}
    )
    assert notify(project, hook.url, "--digest", state=state) == 0  # the next night: a digest
    slack = hook.bodies()[2]
    assert slack["text"] == "retrain_gate verdicts on 2024-04-03: 1 fix_data, 1 hold, 1 healthy"
    lines = slack["blocks"][1]["text"]["text"].splitlines()
    assert lines[0].startswith("*m2* `fix_data` since 2024-04-02: Fix the data")
    assert len(hook.requests) == 3


def test_the_webhook_must_be_an_http_url(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["notify", "--webhook", f"ftp://example.com{SECRET}"])
    assert exit.value.code == 2
    error = capsys.readouterr().err
    assert "http:// or https:// URL" in error and SECRET not in error


def test_the_webhook_defaults_to_the_environment(
    project: Path,
    hook: Hook,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """$RETRAIN_GATE_WEBHOOK_URL stands in for --webhook (the secret stays off the command
    line); without either, notify stops with argparse's usage error."""
    decide(project, {"m1": ["healthy", "retrain"]})
    monkeypatch.delenv("RETRAIN_GATE_WEBHOOK_URL", raising=False)
    with pytest.raises(SystemExit) as exit:
        main(["notify", "--project-dir", str(project)])
    assert exit.value.code == 2 and "--webhook" in capsys.readouterr().err

    monkeypatch.setenv("RETRAIN_GATE_WEBHOOK_URL", hook.url)
    argv = ["notify", "--project-dir", str(project), "--state", str(tmp_path / "s.json")]
    assert main(argv) == 0
    assert [r["path"] for r in hook.requests] == [SECRET]
    assert (
        hook.bodies()[0]["text"] == "retrain_gate: m1 is now retrain (was healthy) since 2024-04-02"
    )
    assert SECRET not in capsys.readouterr().out
