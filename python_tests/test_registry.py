"""The registries are the one place the checks and verdicts are written (macros/config/
retrain_gate_checks.sql and retrain_gate_verdicts.sql): everything that lists them again, the
seeds, the Python constants, the YAML tests, the defaults and the docs, must agree with them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from retrain_gate import registry
from retrain_gate.dbt_project import PACKAGE_ROOT
from retrain_gate.readers import column_kind
from retrain_gate.verdicts import VERDICT_ACTIONS, VERDICT_COLORS, VERDICT_EXIT_CODES, VERDICTS


def _models(path: Path) -> dict[str, Any]:
    return {m["name"]: m for m in yaml.safe_load(path.read_text())["models"]}


def _tests(node: dict[str, Any]) -> list[Any]:
    return list(node.get("data_tests", []))


def _accepted(node: dict[str, Any], column: str) -> list[str]:
    (found,) = [c for c in node["columns"] if c["name"] == column]
    (values,) = [t["accepted_values"]["arguments"]["values"] for t in _tests(found)]
    return list(values)


@pytest.mark.parametrize("name", sorted(registry.SEED_FILES))
def test_each_seed_is_generated_from_the_registry(name: str) -> None:
    written = (registry.SEEDS / name).read_text()
    assert written == registry.SEED_FILES[name](), f"seeds/{name} is stale: run make registry"
    # dbt-spark's session seeds write values into SQL literals unescaped
    assert "'" not in written, f"seeds/{name}: an apostrophe breaks the seed on Spark"


def test_the_python_verdicts_are_the_registry_verdicts() -> None:
    verdicts = registry.verdicts()
    assert tuple(verdicts) == VERDICTS
    assert {v: s["exit_code"] for v, s in verdicts.items()} == VERDICT_EXIT_CODES
    assert {v: s["colour"] for v, s in verdicts.items()} == VERDICT_COLORS
    assert {v: s["action"] for v, s in verdicts.items()} == VERDICT_ACTIONS
    assert len(set(VERDICT_EXIT_CODES.values())) == len(VERDICTS)


def test_every_verdict_has_its_gate_and_only_registry_verdicts_are_accepted() -> None:
    decisions = _models(PACKAGE_ROOT / "models" / "marts" / "_marts.yml")["retrain_gate_decisions"]
    gates = [
        t["retrain_gate.verdict_gate"]["arguments"]["verdict"]
        for t in _tests(decisions)
        if isinstance(t, dict) and "retrain_gate.verdict_gate" in t
    ]
    assert sorted(gates) == sorted(registry.verdicts())
    assert _accepted(decisions, "verdict") == list(registry.verdicts())


def test_the_check_models_accept_exactly_the_registry_checks() -> None:
    checks = registry.checks()
    marts = _models(PACKAGE_ROOT / "models" / "marts" / "_marts.yml")
    families = {c["family"] for c in checks.values()}
    assert set(_accepted(marts["retrain_gate_signals"], "family")) == families

    intermediate = _models(PACKAGE_ROOT / "models" / "intermediate" / "_intermediate.yml")
    computed = set(_accepted(intermediate["int_retrain_gate__feature_drift"], "statistic"))
    computed.add("daily_psi")  # the day's own psi, named in retrain_gate_signals
    assert computed == {n for n, c in checks.items() if c["family"] == "drift"}
    # each check model unions its checks (check_names): the registry's `model`, else family
    for family in ["integrity", "outcome", "trust"]:
        accepted = _accepted(intermediate[f"int_retrain_gate__{family}_checks"], "check_name")
        own = [n for n, c in checks.items() if c.get("model", c["family"]) == family]
        assert set(accepted) == set(own), family


def test_every_check_has_default_thresholds_a_category_and_a_docs_section() -> None:
    defaults = registry.defaults()
    checks = registry.checks()
    assert set(defaults["thresholds"]) == set(checks)
    for name, check in checks.items():
        assert check["category"] in registry.CATEGORY_VERDICTS, name
        assert check["detects"].endswith(".") and check["remediate"].endswith("."), name
        page = (PACKAGE_ROOT / "docs" / f"{check['family']}.md").read_text()
        assert f"\n## `{name}`\n" in page, f"docs/{check['family']}.md has no section for {name}"


def _settings_table() -> dict[str, list[str]]:
    """docs/configuration.md "Settings and their defaults": key -> its row's cells."""
    page = (PACKAGE_ROOT / "docs" / "configuration.md").read_text()
    section = page.split("\n## Settings and their defaults\n")[1].split("\n## ")[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| `")]
    return {cells[0].strip("| `"): cells[1:] for cells in rows}


def test_the_settings_table_gives_each_setting_its_default_and_range() -> None:
    table = _settings_table()
    settings = registry.settings()
    assert set(table) == set(settings) | {"thresholds"}
    for key, setting in settings.items():
        kind, default = table[key][0], table[key][1]
        assert default == str(setting["default"]), key
        expected = {
            "whole": f"whole number >= {setting.get('min')}",
            "number": f"number, {setting.get('above')} < x < {setting.get('below')}",
            "choice": " or ".join(f"`{c}`" for c in setting.get("choices", [])),
            "bands": "whole number >= 2",
        }[setting["type"]]
        assert kind.startswith(expected), f"{key}: {kind!r} does not start with {expected!r}"


def test_the_incremental_plans_table_is_the_dependency_registry() -> None:
    page = (PACKAGE_ROOT / "docs" / "architecture.md").read_text()
    section = page.split("\n### Incremental plans: what each table depends on\n")[1].split("\n#")[0]
    rows = {
        cells[1].strip(" `"): [cell.strip() for cell in cells[2:6]]
        for cells in (line.split("|") for line in section.splitlines() if line.startswith("| `"))
    }
    dependencies = registry.plan_dependencies()
    assert list(rows) == list(dependencies)
    for table, entry in dependencies.items():
        listed = [
            ", ".join(f"`{item}`" for item in entry.get(key, [])) or "-"
            for key in ("keys", "inputs", "after")
        ]
        held = entry.get("models", "all")
        if entry.get("per_feature"):
            held = f"all, per {entry['per_feature']} feature"
        assert rows[table] == [held, *listed], table


def test_the_readers_type_each_public_column_as_its_contract_declares() -> None:
    kinds = {"date": "date", "timestamp": "timestamp", "bigint": "integer", "integer": "integer"}
    for node in _models(PACKAGE_ROOT / "models" / "marts" / "_marts.yml").values():
        for column in node.get("columns", []):
            declared = str(column["data_type"])
            expected = kinds.get(declared, "float" if "double" in declared else "text")
            assert column_kind(column["name"]) == expected, f"{node['name']}.{column['name']}"
