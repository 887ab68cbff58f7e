"""Text summaries of retrain_gate_signals for people at a terminal."""

from __future__ import annotations

from typing import Any

import pandas as pd

_COLUMNS = ("psi", "js_distance", "ks", "linf")
_STATUS_ORDER = {"breach": 0, "warn": 1, "insufficient_data": 2, "ok": 3}


def _day(value: Any) -> str:
    """A date cell as YYYY-MM-DD ('' when null); engines hand dates back as dates or timestamps."""
    return "" if value is None or pd.isna(value) else str(pd.Timestamp(value).date())


def drift_summary(signals: pd.DataFrame) -> str:
    """Per model and feature, the drift statistics of the latest evaluation date (whole
    population), the worst status among them and the date its breach started."""
    drift = signals[(signals["family"] == "drift") & (signals["segment"] == "all")]
    if drift.empty:
        return "No drift signals yet: is the reference window complete (as-of date after it)?"
    lines: list[str] = []
    for model_id, rows in drift.groupby("model_id", sort=True):
        latest = rows[rows["eval_date"] == rows["eval_date"].max()]
        first = latest.iloc[0]
        lines.append(
            f"\n{model_id}  (window {_day(first['window_start'])}..{_day(first['window_end'])} "
            f"vs reference {_day(first['reference_start'])}..{_day(first['reference_end'])})"
        )
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
            worst = checks.sort_values("status", key=lambda s: s.map(_STATUS_ORDER)).iloc[0]
            since = _day(worst["first_breach_date"]) if worst["status"] == "breach" else ""
            lines.append(f"  {subject:<24}{''.join(values)}  {worst['status']:<18}{since}")
    return "\n".join(lines).lstrip("\n")


def integrity_summary(signals: pd.DataFrame) -> str:
    """Per model, the integrity checks that warn or breach on the latest evaluation date (whole
    population), each with its sentence."""
    integrity = signals[(signals["family"] == "integrity") & (signals["segment"] == "all")]
    lines: list[str] = []
    for model_id, rows in integrity.groupby("model_id", sort=True):
        latest = rows[rows["eval_date"] == rows["eval_date"].max()]
        findings = latest[latest["status"].isin(["breach", "warn"])].sort_values(
            ["status", "check_name", "subject"]
        )
        lines.append(f"\n{model_id}")
        if findings.empty:
            lines.append("  no integrity finding")
        for finding in findings.itertuples():
            lines.append(f"  {finding.status:<7}{finding.check_name:<21}{finding.detail}")
    return "\n".join(lines).lstrip("\n")
