"""`retrain-gate notify`: posts each model's verdict change, once, to a webhook (Slack or
generic JSON), and with `--digest` one message a day with every model's verdict.

What is a change: a model's verdict on its latest evaluation date differs from its verdict on
the evaluation date before (a model's first decision is not a change). When notify last looked
at the model on an earlier date (a night without notify, a backfill deciding several dates at
once), the current run of the verdict is a change too if it began after that date. `since` is
the first eval_date of the current run of the verdict; `previous_verdict` the verdict before it.

Once per change: each notification has a key (model, since, verdict; the digest: its
eval_date) kept in the state file (notify_delivery) with its status. A rerun of the same night
finds the key and posts nothing; a failed delivery leaves it pending, and every run first
retries what is pending, oldest first, then marks each delivered one at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from retrain_gate.dates import format_day
from retrain_gate.errors import NotifyError
from retrain_gate.notify_delivery import load_state, now, post, save_state, webhook_host
from retrain_gate.notify_messages import body
from retrain_gate.verdicts import VERDICT_EXIT_CODES, VERDICTS, verdict_rank

#: Where the state is kept by default, relative to the dbt project directory.
DEFAULT_STATE = Path("target") / "retrain_gate_notify_state.json"


@dataclass(frozen=True)
class Settings:
    webhook: str
    fmt: str = "slack"
    state_path: Path = DEFAULT_STATE
    report_url: str | None = None
    digest: bool = False
    timeout: float = 10.0
    project: str | None = None
    target: str | None = None


@dataclass
class Outcome:
    delivered: list[dict[str, Any]] = field(default_factory=list)
    pending: int = 0  # still undelivered after this run


def _model_event(rows: pd.DataFrame) -> dict[str, Any]:
    """The latest decision of one model (its rows sorted by eval_date), with the start of the
    current run of its verdict (`since`) and the verdict before that run."""
    verdicts = [str(v) for v in rows["verdict"]]
    start = len(verdicts) - 1
    while start > 0 and verdicts[start - 1] == verdicts[-1]:
        start -= 1
    last = rows.iloc[-1]
    return {
        "model_id": str(last["model_id"]),
        "verdict": verdicts[-1],
        "previous_verdict": verdicts[start - 1] if start > 0 else None,
        "since": format_day(rows["eval_date"].iloc[start]),
        "eval_date": format_day(last["eval_date"]),
        "reason_code": str(last["reason_code"]),
        "reason": str(last["reason"]),
        "exit_code": VERDICT_EXIT_CODES.get(verdicts[-1]),
    }


def model_events(decisions: pd.DataFrame) -> list[dict[str, Any]]:
    """One event per model: its latest decision, since and previous verdict, the most urgent
    verdicts first."""
    events = [
        _model_event(rows.sort_values("eval_date"))
        for _, rows in decisions.groupby("model_id", sort=True)
    ]
    return sorted(events, key=lambda e: (verdict_rank(e["verdict"]), e["model_id"]))


def _is_change(event: dict[str, Any], seen: dict[str, str]) -> bool:
    if event["previous_verdict"] is None:
        return False
    if event["since"] == event["eval_date"]:
        return True
    return event["model_id"] in seen and event["since"] > seen[event["model_id"]]


def new_notifications(
    decisions: pd.DataFrame, state: dict[str, Any], settings: Settings
) -> list[tuple[str, dict[str, Any]]]:
    """(key, event) of each notification this run adds: the verdict changes, then the digest;
    those whose key the state already holds are left out. Updates state['seen']."""
    common = {"project": settings.project, "target": settings.target}
    events = model_events(decisions)
    seen: dict[str, str] = state["seen"]
    found: list[tuple[str, dict[str, Any]]] = []
    for event in events:
        if _is_change(event, seen):
            key = f"change|{event['model_id']}|{event['since']}|{event['verdict']}"
            change = {"kind": "verdict_change", **common, **event}
            found.append((key, {**change, "report_url": settings.report_url}))
        seen[event["model_id"]] = event["eval_date"]
    if settings.digest and events:
        eval_date = max(e["eval_date"] for e in events)
        counts = pd.Series([e["verdict"] for e in events]).value_counts()
        digest = {
            "kind": "digest",
            **common,
            "eval_date": eval_date,
            "counts": {v: int(counts[v]) for v in VERDICTS if v in counts},
            "models": events,
            "report_url": settings.report_url,
        }
        found.append((f"digest|{eval_date}", digest))
    known = {item["key"] for item in state["notifications"]}
    return [(key, event) for key, event in found if key not in known]


def _prune(state: dict[str, Any]) -> None:
    """Forgets delivered notifications that can no longer come back: changes of a date before
    the model's latest, digests before the latest digest."""
    digests = [n["event"]["eval_date"] for n in state["notifications"] if n["key"][:7] == "digest|"]
    newest_digest = max(digests, default="")
    kept = []
    for item in state["notifications"]:
        event = item["event"]
        digest = event["kind"] == "digest"
        newest = newest_digest if digest else state["seen"].get(event["model_id"], "")
        if item["status"] == "pending" or event["eval_date"] >= newest:
            kept.append(item)
    state["notifications"] = kept


def notify(decisions: pd.DataFrame, settings: Settings) -> Outcome:
    """Adds this run's notifications to the state as pending, saves it, then posts every
    pending one, oldest first, saving the state after each delivery. Raises NotifyError at the
    first failed delivery (the rest stay pending for the next run)."""
    state = load_state(settings.state_path)
    for key, event in new_notifications(decisions, state, settings):
        state["notifications"].append(
            {"key": key, "status": "pending", "event": event, "created_at": now(), "attempts": 0}
        )
    _prune(state)
    save_state(settings.state_path, state)
    outcome = Outcome()
    pending = [n for n in state["notifications"] if n["status"] == "pending"]
    for done, item in enumerate(pending):
        item["attempts"] = int(item.get("attempts", 0)) + 1
        try:
            post(settings.webhook, body(item["event"], settings.fmt), settings.timeout)
        except NotifyError as error:
            item["last_error"] = str(error)
            save_state(settings.state_path, state)
            left = len(pending) - done
            raise NotifyError(
                f"{error}: {len(outcome.delivered)} notification(s) delivered, {left} pending "
                f"in {settings.state_path}; the next `retrain-gate notify` retries them."
            ) from None
        item.update(status="delivered", delivered_at=now(), last_error=None)
        save_state(settings.state_path, state)
        outcome.delivered.append(item["event"])
    return outcome


def describe(outcome: Outcome, settings: Settings) -> str:
    """What a successful run did, one line for the scheduler's log."""
    if not outcome.delivered:
        return f"retrain-gate notify: nothing to post (state in {settings.state_path})."
    kinds = [e["kind"] for e in outcome.delivered]
    changes, digests = kinds.count("verdict_change"), kinds.count("digest")
    return (
        f"retrain-gate notify: posted {changes} verdict change(s) and {digests} digest(s) to "
        f"{webhook_host(settings.webhook)} (state in {settings.state_path})."
    )
