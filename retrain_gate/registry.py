"""The check and verdict registries, read from the package's own macros (the one place they are
written: macros/config/retrain_gate_checks.sql and retrain_gate_verdicts.sql), and the seeds
generated from them: the catalog BI tools read in the warehouse.

`python -m retrain_gate.registry` (or `make registry`) rewrites seeds/*.csv after a registry
change; python_tests/test_registry.py fails while they, the Python constants or the YAML tests
disagree with the macros."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import jinja2

from retrain_gate.dbt_project import PACKAGE_ROOT

MACROS = PACKAGE_ROOT / "macros" / "config"
SEEDS = PACKAGE_ROOT / "seeds"
PLANS = MACROS / "retrain_gate_plan_dependencies.sql"

#: What a breach of each category leads to in retrain_gate_decisions (docs/architecture.md).
CATEGORY_VERDICTS: dict[str, str] = {
    "fix_data": "fix_data (on the whole population or a critical feature)",
    "fix_labels": "fix_labels",
    "damage": "retrain when persistent on healthy inputs and labels; hold until then",
    "trust": "investigate when persistent; hold until then",
    "estimate": "investigate when persistent (confirm when labels mature); never retrain",
    "mix": "investigate when persistent, also for the outcome damage it explains",
    "drift": "no_retrain when persistent on the whole population; hold until then",
    "explains": "none of its own: the outcome damage it explains becomes investigate",
    "none": "none of its own: drift persistence follows it",
}


def macro_value(path: Path, name: str) -> Any:
    """What the macro `name` in `path` returns: dbt's `return()` rendered by plain Jinja. The
    file's other macros are reachable as `retrain_gate.<macro>()`, returning what they return."""
    returned: list[Any] = []

    def capture(value: Any) -> str:
        returned.append(value)
        return ""

    environment = jinja2.Environment(autoescape=False, extensions=["jinja2.ext.do"])
    environment.globals["return"] = capture
    macros: list[Any] = []

    class Package:
        def __getattr__(self, macro: str) -> Any:
            def call(*args: Any) -> Any:
                getattr(macros[0], macro)(*args)
                return returned[-1]

            return call

    environment.globals["retrain_gate"] = Package()
    macros.append(environment.from_string(path.read_text()).module)
    return getattr(Package(), name)()


def defaults() -> dict[str, Any]:
    """Every default setting and threshold (macros/config/defaults.sql)."""
    value: dict[str, Any] = macro_value(MACROS / "defaults.sql", "retrain_gate_defaults")
    return value


def settings() -> dict[str, dict[str, Any]]:
    """Every setting with its default, type and range (macros/config/defaults.sql)."""
    value: dict[str, dict[str, Any]] = macro_value(MACROS / "defaults.sql", "retrain_gate_settings")
    return value


def model_kinds() -> list[str]:
    """The kinds of monitored model (the setting `kind`); a check without `model_kinds` serves
    all of them."""
    choices: list[str] = settings()["kind"]["choices"]
    return choices


def plan_dependencies() -> dict[str, dict[str, Any]]:
    """What each incremental table's rows depend on (retrain_gate_plan_dependencies.sql)."""
    value: dict[str, dict[str, Any]] = macro_value(PLANS, "retrain_gate_plan_dependencies")
    return value


def plan_inputs() -> dict[str, dict[str, Any]]:
    """Where each derived input of the plan dependencies comes from (same file)."""
    value: dict[str, dict[str, Any]] = macro_value(PLANS, "retrain_gate_plan_inputs")
    return value


def checks() -> dict[str, dict[str, Any]]:
    """Every check in registry order: family, model, kinds, rule, sample, category, texts."""
    value: dict[str, dict[str, Any]] = macro_value(
        MACROS / "retrain_gate_checks.sql", "retrain_gate_checks"
    )
    return value


def verdicts() -> dict[str, dict[str, Any]]:
    """Every verdict, in order of precedence: gate, exit_code, colour, action."""
    value: dict[str, dict[str, Any]] = macro_value(
        MACROS / "retrain_gate_verdicts.sql", "retrain_gate_verdicts"
    )
    return value


def checks_csv() -> str:
    kinds = model_kinds()
    rows = [
        {
            "check_name": name,
            "family": check["family"],
            "category": check["category"],
            "leads_to": CATEGORY_VERDICTS[check["category"]],
            "rule": check["rule"],
            "sample": check["sample"],
            "feature_kinds": " ".join(check["kinds"]) or "none",
            "model_kinds": " ".join(check.get("model_kinds", kinds)),
            "detects": check["detects"],
            "remediate": check["remediate"],
            "docs": f"docs/{check['family']}.md#{name}",
        }
        for name, check in checks().items()
    ]
    return _csv(rows)


def verdicts_csv() -> str:
    rows = [
        {
            "verdict": name,
            "precedence": precedence,
            "default_gate": verdict["gate"],
            "exit_code": verdict["exit_code"],
            "colour": verdict["colour"],
            "action": verdict["action"],
        }
        for precedence, (name, verdict) in enumerate(verdicts().items(), start=1)
    ]
    return _csv(rows)


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


#: Each seed file and the text it must hold.
SEED_FILES = {"retrain_gate_checks.csv": checks_csv, "retrain_gate_verdicts.csv": verdicts_csv}


def write_seeds() -> list[Path]:
    written = []
    for name, render in SEED_FILES.items():
        path = SEEDS / name
        path.write_text(render())
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_seeds():
        print(f"wrote {path.relative_to(PACKAGE_ROOT)}")
