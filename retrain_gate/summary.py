"""Text summaries of retrain_gate_signals and retrain_gate_decisions for people at a terminal."""

from __future__ import annotations

import textwrap

import pandas as pd

from retrain_gate.dates import format_day
from retrain_gate.verdicts import VERDICTS, verdict_rank

_COLUMNS = ("psi", "js_distance", "ks", "linf")
_STATUS_ORDER = {"breach": 0, "warn": 1, "insufficient_data": 2, "ok": 3}


def drift_summary(signals: pd.DataFrame) -> str:
    """Per model and feature, the drift statistics of the latest evaluation date (whole
    population), the worst status among them and the date its breach started."""
    drift = signals[(signals["family"] == "drift") & (signals["segment"] == "all")]
    if drift.empty:
        return "No drift signals yet: is the reference window complete (as-of date after it)?"
    lines: list[str] = []
    for model_id, rows in drift.groupby("model_id", sort=True):
        latest = rows[rows["eval_date"] == rows["eval_date"].max()]
        # the widest window (psi's, not daily_psi's single day), whatever the rows' order
        first = latest.sort_values(["window_start", "check_name", "subject"]).iloc[0]
        window = f"{format_day(first['window_start'])}..{format_day(first['window_end'])}"
        reference = f"{format_day(first['reference_start'])}..{format_day(first['reference_end'])}"
        lines.append(f"\n{model_id}  (window {window} vs reference {reference})")
        lines.append(
            f"  {'feature':<24}{'psi':>8}{'js':>8}{'ks':>8}{'linf':>8}  {'status':<18}since"
        )
        for subject, checks in latest.groupby("subject", sort=True):
            by_check = checks.set_index("check_name")
            values = [
                f"{by_check.at[c, 'value']:8.3f}"
                if c in by_check.index and pd.notna(by_check.at[c, "value"])
                else f"{'-':>8}"
                for c in _COLUMNS
            ]
            # the worst status, and among its rows the earliest breach
            worst = (
                checks.sort_values(["first_breach_date", "check_name"])
                .sort_values("status", key=lambda s: s.map(_STATUS_ORDER), kind="stable")
                .iloc[0]
            )
            since = format_day(worst["first_breach_date"]) if worst["status"] == "breach" else ""
            lines.append(f"  {subject:<24}{''.join(values)}  {worst['status']:<18}{since}")
    return "\n".join(lines).lstrip("\n")


def findings_summary(signals: pd.DataFrame, family: str) -> str:
    """Per model, the checks of `family` that warn or breach on the latest evaluation date
    (whole population), each with its sentence."""
    checks = signals[(signals["family"] == family) & (signals["segment"] == "all")]
    lines: list[str] = []
    for model_id, rows in checks.groupby("model_id", sort=True):
        latest = rows[rows["eval_date"] == rows["eval_date"].max()]
        findings = latest[latest["status"].isin(["breach", "warn"])].sort_values(
            ["status", "check_name", "subject"]
        )
        lines.append(f"\n{model_id}")
        if findings.empty:
            lines.append(f"  no {family} finding")
        for finding in findings.itertuples():
            lines.append(f"  {finding.status:<7}{finding.check_name:<21}{finding.detail}")
    return "\n".join(lines).lstrip("\n")


def verdict_table(decisions: pd.DataFrame, width: int = 120) -> str:
    """One row per decision (the latest per model, as readers.latest gives them): model,
    verdict, evaluation date, the date the deciding breach started and the reason, wrapped to
    `width` columns; the most urgent verdicts first."""
    if decisions.empty:
        return "No decision yet."
    rows = decisions.assign(_rank=decisions["verdict"].map(verdict_rank)).sort_values(
        ["_rank", "model_id"]
    )
    model_width = max(5, *(len(str(m)) for m in rows["model_id"])) + 2
    verdict_width = max(7, *(len(str(v)) for v in rows["verdict"])) + 2
    head = f"{'model':<{model_width}}{'verdict':<{verdict_width}}{'evaluated':<12}{'since':<12}"
    indent = len(head)
    reason_width = max(30, width - indent)
    lines = [head + "reason"]
    for row in rows.itertuples():
        start = (
            f"{row.model_id!s:<{model_width}}{row.verdict!s:<{verdict_width}}"
            f"{format_day(row.eval_date):<12}{format_day(row.started_on):<12}"
        )
        wrapped = textwrap.wrap(str(row.reason), reason_width) or [""]
        lines.append(start + wrapped[0])
        lines += [" " * indent + more for more in wrapped[1:]]
    return "\n".join(lines)


def verdict_counts(decisions: pd.DataFrame) -> str:
    """'4 fix_data, 1 hold, ...' in order of precedence."""
    counts = decisions["verdict"].value_counts()
    return ", ".join(f"{int(counts[v])} {v}" for v in VERDICTS if v in counts)
