"""What the Python side knows of the verdicts: their order of precedence, the exit code of each
(`retrain-gate check`), and how the report shows them (colour, what to do)."""

from __future__ import annotations

from typing import Any

#: The verdicts, in order of precedence (docs/design.md): the first that applies is the model's.
VERDICTS: tuple[str, ...] = (
    "fix_data",
    "fix_labels",
    "hold",
    "retrain",
    "investigate",
    "no_retrain",
    "insufficient_data",
    "healthy",
)

#: `retrain-gate check MODEL` exits with the code of the model's verdict.
VERDICT_EXIT_CODES: dict[str, int] = {
    "healthy": 0,
    "no_retrain": 10,
    "investigate": 11,
    "hold": 12,
    "retrain": 13,
    "fix_labels": 14,
    "fix_data": 15,
    "insufficient_data": 16,
}

#: The report's colour of each verdict.
VERDICT_COLORS: dict[str, str] = {
    "fix_data": "#b91c1c",
    "fix_labels": "#ea580c",
    "hold": "#ca8a04",
    "retrain": "#7c3aed",
    "investigate": "#2563eb",
    "no_retrain": "#0e7490",
    "insufficient_data": "#6b7280",
    "healthy": "#15803d",
}

#: What to do on each verdict, as the report says it.
VERDICT_ACTIONS: dict[str, str] = {
    "fix_data": "fix upstream; retraining would learn the breakage",
    "fix_labels": "fix the feedback signal first",
    "hold": "wait; exclude the window from training data",
    "retrain": "retrain, excluding the listed windows",
    "investigate": "look at the segment; re-segment before retraining",
    "no_retrain": "nothing: the distribution changed, the target did not",
    "insufficient_data": "check the source: too little data to judge the model",
    "healthy": "nothing",
}


def verdict_rank(verdict: Any) -> int:
    """The verdict's place in the order of precedence (0 the most urgent); an unknown verdict
    ranks after every known one."""
    return VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS)
