"""The `retrain-gate` command line and the readers, on the demo built once on DuckDB (600 rows a
day, through `retrain-gate demo`) and on a small project on Postgres: the demo's closing
verdicts, `status` (table and JSON), `check`'s exit code per verdict and with --date, each
setup error with its message and code, `run`'s node counter, and the readers' rows and dtypes
on both engines."""

from __future__ import annotations

import collections
import json
import re
import socket
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
import yaml
from cli_demo import AS_OF, Demo, build_demo, cli
from harness import Project, postgres_warehouse
from pg_server import ThrowawayPostgres
from synthetic import day, prediction_log

import retrain_gate
from retrain_gate.cli import main
from retrain_gate.dbt_project import PACKAGE_ROOT
from retrain_gate.demo.stories import STORIES
from retrain_gate.errors import ERROR_EXIT_CODES, VERDICT_EXIT_CODES, VERDICTS

#: The demo's verdicts on its as-of date, as its stories (retrain_gate.demo.stories) tell them.
EXPECTED = {story.model_id: story.expected_verdict for story in STORIES}
#: Its decisions: every model on every evaluation date, 2024-03-01 .. 2024-04-29.
DECISION_ROWS = len(STORIES) * 60


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return build_demo(tmp_path_factory, "cli_demo")


@pytest.fixture
def demo_env(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> Demo:
    """For in-process calls: the demo profile's env var set in this process."""
    monkeypatch.setenv("RETRAIN_GATE_DEMO_DB", str(demo.db))
    return demo


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the demo ------------------------------------------------------------------------------


def test_the_demo_ends_with_every_verdict_and_the_report(demo: Demo) -> None:
    verdicts = demo.output[demo.output.rindex(f"Verdicts on {AS_OF}") :]
    for model_id, verdict in EXPECTED.items():
        line = next(line for line in verdicts.splitlines() if line.startswith(f"{model_id} "))
        assert line.split()[1] == verdict, line
    reasons = {
        "fraud_detector": "engagement_rate",
        "credit_limit": "monthly_income",
        "promo_response": "campaign",
        "spam_filter": "Healthy",
    }
    for model_id, word in reasons.items():
        # the model's row and the lines its wrapped reason continues on
        row = re.search(rf"^{model_id} .*\n(?: .*\n)*", verdicts, re.MULTILINE)
        assert row is not None and word in " ".join(row.group(0).split()), model_id
    assert f"Report: {demo.report}" in demo.output
    assert demo.report.stat().st_size > 100_000
    # the summary before it is kept, and dbt's build is shown as a node counter
    assert f"Drift on {AS_OF}" in demo.output
    assert re.search(r"^\[ ?1/\d+\] OK +model ", demo.output, re.MULTILINE)


# -- status --------------------------------------------------------------------------------


def test_status_prints_the_latest_verdict_of_every_model_with_its_reason(demo: Demo) -> None:
    done = cli("status", "--project-dir", str(demo.project), env=demo.env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "retrain_gate_demo" in lines[0] and "6 fix_data" in lines[0]
    header = next(i for i, line in enumerate(lines) if line.startswith("model "))
    assert lines[header].split() == ["model", "verdict", "evaluated", "since", "reason"]
    rows = [line.split() for line in lines[header + 1 :] if line and not line.startswith(" ")]
    assert {row[0]: row[1] for row in rows} == EXPECTED
    assert all(row[2] == AS_OF for row in rows)
    # the most urgent first, in the order of precedence
    ranks = [VERDICTS.index(row[1]) for row in rows]
    assert ranks == sorted(ranks)
    # reasons wrap at the terminal's width (COLUMNS differs under pytest-xdist): fold them
    folded = " ".join(done.stdout.split())
    assert "Fix the data upstream before any retrain: monthly_income" in folded


def test_status_json(demo: Demo) -> None:
    done = cli("status", "--json", "--project-dir", str(demo.project), env=demo.env)
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["project"] == "retrain_gate_demo" and status["target"] == "duckdb"
    models = {m["model_id"]: m for m in status["models"]}
    assert {m: d["verdict"] for m, d in models.items()} == EXPECTED
    for decision in models.values():
        assert decision["eval_date"] == AS_OF
        assert decision["exit_code"] == VERDICT_EXIT_CODES[decision["verdict"]]
        assert decision["reason"] and decision["reason_code"]
    assert models["spam_filter"]["started_on"] is None
    assert models["spam_filter"]["evidence"] is None
    assert models["fraud_detector"]["started_on"] == "2024-03-18"
    assert models["fraud_detector"]["reason_code"] == "fix_data.stale_entities"
    assert models["promo_response"]["reason_code"] == "event.campaign"


# -- check ---------------------------------------------------------------------------------


def test_every_verdict_has_its_own_exit_code() -> None:
    assert set(VERDICT_EXIT_CODES) == set(VERDICTS)
    codes = list(VERDICT_EXIT_CODES.values())
    assert len(set(codes)) == len(codes)
    assert VERDICT_EXIT_CODES["healthy"] == 0
    assert all(code >= 10 for verdict, code in VERDICT_EXIT_CODES.items() if verdict != "healthy")


def test_the_readme_documents_every_exit_code() -> None:
    readme = (PACKAGE_ROOT / "README.md").read_text()
    section = readme[readme.index("## Command line") : readme.index("## Schedule it nightly")]
    rows = dict(re.findall(r"^\| (\d+) \| (.+?) \|$", section, re.MULTILINE))
    for verdict, code in VERDICT_EXIT_CODES.items():
        assert verdict in rows[str(code)], verdict
    assert set(rows) == {str(c) for c in [*VERDICT_EXIT_CODES.values(), *ERROR_EXIT_CODES.values()]}
    assert "not built yet" in rows["5"] and "unreachable" in rows["4"]


@pytest.mark.parametrize("model_id", sorted(EXPECTED))
def test_check_exits_with_the_code_of_the_verdict(
    demo_env: Demo, model_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", model_id, "--project-dir", str(demo_env.project)])
    out = capsys.readouterr().out
    verdict = EXPECTED[model_id]
    assert code == VERDICT_EXIT_CODES[verdict], out
    assert out.startswith(f"{model_id} on {AS_OF}: {verdict}")
    assert f"(exit {code})" in out.splitlines()[0]


def test_check_from_the_console_script_for_a_scheduler(demo: Demo) -> None:
    """What a scheduler runs: the process's own exit code, and JSON on stdout."""
    for model_id in ("fraud_detector", "default_risk", "spam_filter"):
        done = cli("check", model_id, "--json", "--project-dir", str(demo.project), env=demo.env)
        verdict = EXPECTED[model_id]
        assert done.returncode == VERDICT_EXIT_CODES[verdict], done.stderr
        decision = json.loads(done.stdout)
        assert decision["verdict"] == verdict and decision["model_id"] == model_id
        assert decision["exit_code"] == done.returncode
    # run from inside the project, without --project-dir: found from the working directory
    done = cli("check", "promo_response", cwd=demo.project / "models", env=demo.env)
    assert done.returncode == VERDICT_EXIT_CODES["hold"], done.stderr


def test_check_on_a_given_date(demo_env: Demo, capsys: pytest.CaptureFixture[str]) -> None:
    decisions = retrain_gate.read_decisions(demo_env.project)
    checked = 0
    for model_id in ("default_risk", "promo_response", "loan_approval"):
        history = decisions[decisions["model_id"] == model_id].set_index("eval_date")
        # an earlier date with another verdict than the latest: the story had not started
        earlier = history[history["verdict"] != EXPECTED[model_id]]
        assert not earlier.empty, model_id
        when = earlier.index.min()
        expected = str(earlier.at[when, "verdict"])
        project = str(demo_env.project)
        code = main(
            ["check", model_id, "--date", f"{when:%Y-%m-%d}", "--json", "--project-dir", project]
        )
        decision = json.loads(capsys.readouterr().out)
        assert decision["eval_date"] == f"{when:%Y-%m-%d}"
        assert decision["verdict"] == expected
        assert code == VERDICT_EXIT_CODES[expected]
        checked += 1
    assert checked == 3


# -- setup errors --------------------------------------------------------------------------


def _error(done: subprocess.CompletedProcess[str]) -> str:
    return " ".join(done.stderr.split())


def test_no_dbt_project(tmp_path: Path) -> None:
    done = cli("status", cwd=tmp_path)
    assert done.returncode == 3
    assert "no dbt project found" in _error(done) and "--project-dir" in _error(done)
    done = cli("check", "fraud_detector", "--project-dir", str(tmp_path / "nowhere"))
    assert done.returncode == 3
    assert "holds no dbt_project.yml" in _error(done)


def test_project_without_the_package(tmp_path: Path) -> None:
    (tmp_path / "dbt_project.yml").write_text(
        "name: plain\nversion: '1.0'\nconfig-version: 2\nprofile: plain\n"
    )
    profile = {"plain": {"target": "dev", "outputs": {"dev": {"type": "duckdb", "path": "p.db"}}}}
    (tmp_path / "profiles.yml").write_text(yaml.safe_dump(profile))
    done = cli("status", cwd=tmp_path)
    assert done.returncode == 3
    message = _error(done)
    assert "does not install the retrain_gate package" in message and "`dbt deps`" in message


def test_unknown_target_is_a_project_error(demo: Demo) -> None:
    done = cli("status", "--project-dir", str(demo.project), "--target", "nope", env=demo.env)
    assert done.returncode == 3
    assert "target named 'nope'" in _error(done) and "dbt debug" in _error(done)


def test_tables_not_built_yet(demo: Demo, tmp_path: Path) -> None:
    env = {"RETRAIN_GATE_DEMO_DB": str(tmp_path / "fresh.duckdb")}
    for args in (["status"], ["check", "fraud_detector"], ["report", "--out", "x.html"]):
        done = cli(*args, "--project-dir", str(demo.project), env=env, cwd=tmp_path)
        assert done.returncode == 5, (args, done.stderr)
        message = _error(done)
        assert "retrain_gate_decisions is not built yet" in message
        assert "run `retrain-gate run` (or `dbt build --select package:retrain_gate`)" in message
    assert not (tmp_path / "x.html").exists()


def test_unknown_model(demo: Demo) -> None:
    done = cli("check", "fraud_detectr", "--project-dir", str(demo.project), env=demo.env)
    assert done.returncode == 6
    message = _error(done)
    assert "unknown model 'fraud_detectr'" in message and "fraud_detector" in message
    assert "vars.retrain_gate.models" in message and "`retrain-gate run`" in message


def test_no_decision_on_that_date(demo: Demo) -> None:
    args = ["check", "spam_filter", "--date", "2024-06-30", "--json"]
    done = cli(*args, "--project-dir", str(demo.project), env=demo.env)
    assert done.returncode == 7
    message = _error(done)
    assert "no decision for spam_filter on 2024-06-30" in message
    assert "2024-03-01 to 2024-04-29" in message
    assert "retrain-gate run --vars '{retrain_gate_as_of: 2024-06-30}'" in message
    # with --json, the error is JSON on stdout too
    error = json.loads(done.stdout)
    assert error["exit_code"] == 7 and "no decision for spam_filter" in error["error"]


def test_unreachable_warehouse(demo: Demo, tmp_path: Path) -> None:
    # a DuckDB file in a directory that does not exist
    env = {"RETRAIN_GATE_DEMO_DB": str(tmp_path / "missing" / "dir" / "x.duckdb")}
    done = cli("status", "--project-dir", str(demo.project), env=env)
    assert done.returncode == 4, done.stderr
    assert "cannot reach the warehouse of target 'duckdb'" in _error(done)
    assert "dbt debug --project-dir" in _error(done)
    # a Postgres server that is not there
    env = {"RETRAIN_GATE_PG_PORT": str(_free_port())}
    args = ["check", "spam_filter", "--target", "postgres"]
    done = cli(*args, "--project-dir", str(demo.project), env=env)
    assert done.returncode == 4, done.stderr
    message = _error(done)
    assert "cannot reach the warehouse of target 'postgres'" in message
    assert "Connection refused" in message and "dbt debug" in message


def test_usage_errors_exit_2(demo: Demo) -> None:
    assert cli("check").returncode == 2
    done = cli("check", "spam_filter", "--date", "2024-13-01", "--project-dir", str(demo.project))
    assert done.returncode == 2 and "not a date (YYYY-MM-DD)" in done.stderr
    assert cli("nonsense").returncode == 2


# -- run -----------------------------------------------------------------------------------


def test_run_shows_a_node_counter_then_the_verdicts(demo: Demo) -> None:
    """The decisions and their tests only (the full build is exercised on Postgres below and
    by the demo itself)."""
    args = ["run", "--select", "retrain_gate_decisions+"]
    done = cli(*args, "--project-dir", str(demo.project), env=demo.env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    total = int(re.search(r"retrain_gate_decisions\+: (\d+) nodes", out).group(1))  # type: ignore[union-attr]
    counters = re.findall(rf"^\[ ?(\d+)/{total}\] (\w+)", out, re.MULTILINE)
    assert [int(n) for n, _ in counters] == list(range(1, total + 1))
    assert re.search(rf"^\[ ?1/{total}\] OK +model retrain_gate_decisions", out, re.MULTILINE)
    counts = collections.Counter(EXPECTED.values())
    tally = ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v])
    assert f"Verdicts on {AS_OF} ({tally}):" in out
    assert re.search(r"^default_risk +retrain +2024-04-29", out, re.MULTILINE)
    assert "retrain-gate run: done in" in out


# -- readers -------------------------------------------------------------------------------


def test_read_decisions_one_typed_row_per_model_and_date(demo_env: Demo) -> None:
    decisions = retrain_gate.read_decisions(demo_env.project)
    assert len(decisions) == DECISION_ROWS
    assert not decisions.duplicated(["model_id", "eval_date"]).any()
    assert str(decisions["eval_date"].dtype) == "datetime64[ns]"
    assert str(decisions["started_on"].dtype) == "datetime64[ns]"
    assert str(decisions["evaluated_at"].dtype) == "datetime64[ns]"
    assert str(decisions["n_breaches"].dtype) == "Int64"
    assert decisions["eval_date"].min() == pd.Timestamp("2024-03-01")
    assert set(decisions["verdict"]) <= set(VERDICTS)
    latest = retrain_gate.latest_decisions(demo_env.project)
    assert dict(zip(latest["model_id"], latest["verdict"], strict=True)) == EXPECTED
    # the rows are the table's, as DuckDB itself reads them
    with duckdb.connect(str(demo_env.db), read_only=True) as con:
        direct = con.execute(
            "select model_id, eval_date, verdict, reason from main.retrain_gate_decisions"
        ).df()
    merged = decisions.merge(direct, on=["model_id", "eval_date"], suffixes=("", "_direct"))
    assert len(merged) == len(decisions)
    assert (merged["verdict"] == merged["verdict_direct"]).all()
    assert (merged["reason"] == merged["reason_direct"]).all()


def test_read_signals_with_filters(demo_env: Demo) -> None:
    with retrain_gate.Warehouse(demo_env.project) as warehouse:
        everything = warehouse.signals()
        some = warehouse.signals(
            model_ids=["credit_limit", "loan_approval"], since="2024-04-20", families=["drift"]
        )
        relation = warehouse.relation("retrain_gate_signals")
    assert relation.endswith('"main"."retrain_gate_signals"')
    assert len(everything) > 100_000
    expected = everything[
        everything["model_id"].isin(["credit_limit", "loan_approval"])
        & (everything["eval_date"] >= pd.Timestamp("2024-04-20"))
        & (everything["family"] == "drift")
    ]
    assert len(some) == len(expected) > 0
    for column in ("value", "baseline", "threshold", "z_score"):
        assert str(everything[column].dtype) == "float64"
    for column in ("consecutive_days", "n_window", "n_reference"):
        assert str(everything[column].dtype) == "Int64"
    for column in ("eval_date", "first_breach_date", "window_start", "reference_end"):
        assert str(everything[column].dtype) == "datetime64[ns]"
    income = everything[
        (everything["model_id"] == "credit_limit")
        & (everything["check_name"] == "scale_shift")
        & (everything["subject"] == "monthly_income")
        & (everything["segment"] == "all")
        & (everything["eval_date"] == pd.Timestamp(AS_OF))
    ]
    assert list(income["status"]) == ["breach"]
    assert income["first_breach_date"].iloc[0] == pd.Timestamp("2024-04-01")


def test_read_band_outcomes_and_exclusions(demo_env: Demo) -> None:
    bands = retrain_gate.read_band_outcomes(demo_env.project, model_ids=["default_risk"])
    assert set(bands["model_id"]) == {"default_risk"}
    whole = bands[(bands["segment"] == "all") & (bands["eval_date"] == pd.Timestamp(AS_OF))]
    assert sorted(whole["band"]) == list(range(1, 11))
    assert str(bands["n_labelled"].dtype) == "Int64"
    assert str(bands["observed_rate"].dtype) == "float64"
    # the concept change: the lowest band has far more defaults than its scores expect
    lowest = whole[whole["band"] == 1].iloc[0]
    assert lowest["observed_to_expected"] > 2 * lowest["reference_observed_to_expected"]
    exclusions = retrain_gate.read_exclusions(demo_env.project)
    assert {"model_id", "start_date", "end_date", "segment", "reason_kind", "reason"} <= set(
        exclusions.columns
    )
    campaign = exclusions[
        (exclusions["model_id"] == "promo_response") & (exclusions["reason_kind"] == "event")
    ]
    assert pd.Timestamp("2024-04-27") in set(campaign["start_date"])


def test_one_warehouse_at_a_time_and_it_lets_the_file_go(demo_env: Demo) -> None:
    with retrain_gate.Warehouse(demo_env.project) as warehouse:
        with pytest.raises(RuntimeError, match="already open"):
            retrain_gate.Warehouse(demo_env.project)
        assert warehouse.exists("retrain_gate_decisions")
    # closed: another process (a dbt build) may open the DuckDB file for writing again
    with duckdb.connect(str(demo_env.db)) as con:
        assert con.execute("select count(*) from main.retrain_gate_decisions").fetchone() == (
            DECISION_ROWS,
        )


# -- Postgres ------------------------------------------------------------------------------

PG_MODEL: dict[str, Any] = {
    "relation": "source:raw.predictions",
    "prediction_id": "prediction_id",
    "timestamp": "scored_at",
    "segments": ["channel"],
    "score": "score",
    "features": {"numeric": ["lognormal_f"], "categorical": ["cat_f"]},
    "reference": {"start": day(0), "end": day(9)},
}


def test_run_status_check_and_readers_on_postgres(
    pg_server: ThrowawayPostgres,
    tmp_path_factory: pytest.TempPathFactory,
    demo_env: Demo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pg_server.create_database("cli_postgres")
    warehouse = postgres_warehouse(pg_server.port, pg_server.dsn("cli_postgres"), "cli_postgres")
    warehouse.load({"predictions": prediction_log(days=14, rows_per_day=50)})
    project = Project(
        tmp_path_factory.mktemp("cli_pg"),
        warehouse,
        {"models": {"m1": PG_MODEL}},
        {"raw": ["predictions"]},
    )
    as_of = day(13)
    # before the build: the tables are not there
    done = cli("status", "--project-dir", str(project.root))
    assert done.returncode == 5 and "not built yet" in done.stderr
    done = cli(
        "run", "--project-dir", str(project.root), "--vars", f"{{retrain_gate_as_of: '{as_of}'}}"
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    total = int(re.search(r"package:retrain_gate: (\d+) nodes", done.stdout).group(1))  # type: ignore[union-attr]
    assert total > 40 and f"[{total}/{total}]" in done.stdout
    assert f"Verdicts on {as_of}" in done.stdout and re.search(r"^m1 ", done.stdout, re.MULTILINE)

    status = json.loads(cli("status", "--json", "--project-dir", str(project.root)).stdout)
    assert status["target"] == "test" and [m["model_id"] for m in status["models"]] == ["m1"]
    verdict = status["models"][0]["verdict"]
    done = cli("check", "m1", "--project-dir", str(project.root))
    assert done.returncode == VERDICT_EXIT_CODES[verdict]

    # the same dtypes as on DuckDB
    monkeypatch.chdir(project.root)
    with retrain_gate.Warehouse() as pg:
        pg_decisions, pg_signals = pg.decisions(), pg.signals()
    assert list(pg_decisions["eval_date"].dt.date.astype(str)) == [day(10), day(11), day(12), as_of]
    with retrain_gate.Warehouse(demo_env.project) as duck:
        duck_decisions, duck_signals = (
            duck.decisions(until="2024-03-02"),
            duck.signals(until="2024-03-01"),
        )
    assert dict(pg_decisions.dtypes) == dict(duck_decisions.dtypes)
    assert dict(pg_signals.dtypes) == dict(duck_signals.dtypes)
