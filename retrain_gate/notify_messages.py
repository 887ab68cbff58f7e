"""The bodies `retrain-gate notify` posts: a generic JSON document (schema below) or a Slack
message (`{"text", "blocks"}`, mrkdwn sections), built from one event.

An event is a plain dict, as the state file keeps it, of one of two kinds:

    verdict_change  project, target, model_id, verdict, previous_verdict, since, eval_date,
                    reason_code, reason, exit_code, report_url
    digest          project, target, eval_date, counts {verdict: n, in order of precedence},
                    models [{model_id, verdict, previous_verdict, since, eval_date,
                    reason_code, reason, exit_code}, the most urgent first], report_url

`--format json` posts the event itself, with `"schema": "retrain_gate.notify/1"` and `"kind"`
first: a stable schema, new fields are only ever added (docs/notifications.md, "Message formats").
"""

from __future__ import annotations

from typing import Any

JSON_SCHEMA = "retrain_gate.notify/1"
FORMATS = ("slack", "json")

#: Slack's limits: 3,000 characters of text per section, 50 blocks per message.
_SECTION_CHARS = 2900
_MAX_BLOCKS = 48


def body(event: dict[str, Any], fmt: str) -> dict[str, Any]:
    """The JSON body to post for `event` in format `fmt` ('slack' or 'json')."""
    if fmt == "json":
        return {"schema": JSON_SCHEMA, **event}
    if event["kind"] == "digest":
        return _slack_digest(event)
    return _slack_change(event)


def _escape(text: Any) -> str:
    """Text for Slack mrkdwn: &, < and > are its control characters."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int = _SECTION_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}}


def _where(event: dict[str, Any]) -> str:
    """'project x, target prod' (what is known of it)."""
    parts = [f"{key} {_escape(event[key])}" for key in ("project", "target") if event.get(key)]
    return ", ".join(parts)


def _context(event: dict[str, Any], *more: str) -> dict[str, Any]:
    parts = [*more]
    if event.get("report_url"):
        url = str(event["report_url"]).replace(">", "%3E").replace("|", "%7C")
        parts.append(f"<{url}|Open the report>")
    if _where(event):
        parts.append(_where(event))
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": " · ".join(parts)}]}


def _slack_change(event: dict[str, Any]) -> dict[str, Any]:
    model, verdict = _escape(event["model_id"]), _escape(event["verdict"])
    was = _escape(event["previous_verdict"])
    text = (
        f"retrain_gate: {event['model_id']} is now {event['verdict']} (was "
        f"{event['previous_verdict']}) since {event['since']}"
    )
    head = (
        f"*{model}*: `{was}` → *`{verdict}`* since {event['since']} "
        f"(evaluated {event['eval_date']})"
    )
    reason_code = f"reason code `{_escape(event['reason_code'])}`"
    blocks = [_section(head), _section(_escape(event["reason"])), _context(event, reason_code)]
    return {"text": text, "blocks": blocks}


def _slack_digest(event: dict[str, Any]) -> dict[str, Any]:
    counts = ", ".join(f"{n} {verdict}" for verdict, n in event["counts"].items())
    text = f"retrain_gate verdicts on {event['eval_date']}: {counts}"
    lines = []
    for model in event["models"]:
        new = model["previous_verdict"] and model["since"] == model["eval_date"]
        changed = f" (new today, was {_escape(model['previous_verdict'])})" if new else ""
        lines.append(
            f"*{_escape(model['model_id'])}* `{_escape(model['verdict'])}`{changed} since "
            f"{model['since']}: {_clip(_escape(model['reason']), 300)}"
        )
    blocks: list[dict[str, Any]] = [_section(f"*{_escape(text)}*")]
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > _SECTION_CHARS:
            blocks.append(_section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(_section("\n".join(chunk)))
    if len(blocks) > _MAX_BLOCKS:
        blocks = [*blocks[: _MAX_BLOCKS - 1], _section("… (more models: see the report)")]
    return {"text": text, "blocks": [*blocks, _context(event)]}
