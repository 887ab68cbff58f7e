"""The `retrain-gate` command line: run the gates, show and check the verdicts, write the
report, run the demo. Exit codes: README, "Command line", and retrain_gate.errors."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from retrain_gate import __version__
from retrain_gate.dates import format_iso
from retrain_gate.dbt_project import DEMO_PROJECT, PACKAGE_SELECTOR, DbtError
from retrain_gate.errors import (
    EXIT_FAILED,
    EXIT_OK,
    NoDecisionError,
    RetrainGateError,
    UnknownModelError,
)
from retrain_gate.notify_messages import FORMATS
from retrain_gate.verdicts import VERDICT_EXIT_CODES

#: Commands whose output is a report for people: they end with their running time.
_TIMED = {"run", "report", "demo"}
#: "healthy 0, no_retrain 10, ...": the verdicts' exit codes as the help texts list them.
_VERDICT_CODES = ", ".join(
    f"{verdict} {code}" for verdict, code in sorted(VERDICT_EXIT_CODES.items(), key=lambda x: x[1])
)


def _decision_json(row: pd.Series) -> dict[str, Any]:
    """One decision as JSON: the table's columns, dates as ISO text, and the check exit code."""
    verdict = str(row["verdict"])
    return {
        "model_id": str(row["model_id"]),
        "eval_date": format_iso(row["eval_date"]),
        "verdict": verdict,
        "exit_code": VERDICT_EXIT_CODES.get(verdict, EXIT_FAILED),
        "reason_code": str(row["reason_code"]),
        "reason": str(row["reason"]),
        "started_on": format_iso(row["started_on"]),
        "n_breaches": None if pd.isna(row["n_breaches"]) else int(row["n_breaches"]),
        "evidence": None if pd.isna(row["evidence"]) else str(row["evidence"]),
        "invocation_id": None if pd.isna(row["invocation_id"]) else str(row["invocation_id"]),
        "evaluated_at": format_iso(row["evaluated_at"]),
    }


def _width() -> int:
    return max(80, shutil.get_terminal_size((120, 24)).columns)


def _warehouse(args: argparse.Namespace) -> Any:
    from retrain_gate.readers import Warehouse

    return Warehouse(args.project_dir, args.profiles_dir, args.target, args.vars)


def _run(args: argparse.Namespace) -> int:
    from retrain_gate.dbt_project import (
        build_with_progress,
        find_project_dir,
        parse_vars,
        resolve_profiles_dir,
    )
    from retrain_gate.summary import verdict_counts, verdict_table

    project_dir = find_project_dir(args.project_dir)
    profiles_dir = resolve_profiles_dir(project_dir, args.profiles_dir)
    result = build_with_progress(
        project_dir, profiles_dir, args.target, parse_vars(args.vars), args.select
    )
    print(f"\ndbt build: {result.counts()} in {result.seconds:.0f} s")
    for warning in result.warnings[:20]:
        print(f"  warning: {warning}")
    if not result.ok:
        print(f"\ndbt build failed (exit {result.returncode}):", file=sys.stderr)
        for error in result.errors[-20:]:
            print(f"  {error}", file=sys.stderr)
    try:
        with _warehouse(args) as warehouse:
            latest = warehouse.latest_decisions()
    except RetrainGateError:
        if result.ok:
            raise
        return EXIT_FAILED
    if latest.empty:
        print("\nNo decision yet: each model is decided from the day after its reference ends.")
    else:
        as_of = format_iso(latest["eval_date"].max())
        print(f"\nVerdicts on {as_of} ({verdict_counts(latest)}):\n")
        print(verdict_table(latest, _width()))
    return EXIT_OK if result.ok else EXIT_FAILED


def _status(args: argparse.Namespace) -> int:
    from retrain_gate.summary import verdict_counts, verdict_table

    with _warehouse(args) as warehouse:
        latest = warehouse.latest_decisions()
        project, target = warehouse.project_name, warehouse.target_name
    if args.json:
        models = [_decision_json(row) for _, row in latest.iterrows()]
        print(json.dumps({"project": project, "target": target, "models": models}, indent=2))
        return EXIT_OK
    if latest.empty:
        print("No decision yet: each model is decided from the day after its reference ends.")
        return EXIT_OK
    print(
        f"retrain_gate verdicts of dbt project {project} (target {target}), latest evaluation "
        f"date per model: {verdict_counts(latest)}\n"
    )
    print(verdict_table(latest, _width()))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    with _warehouse(args) as warehouse:
        decisions = warehouse.decisions()
    if decisions.empty:
        raise NoDecisionError(
            "retrain_gate_decisions holds no decision yet: models are decided from the day "
            "after their reference ends. Run `retrain-gate run` once that day has passed."
        )
    rows = decisions[decisions["model_id"] == args.model]
    if rows.empty:
        known = ", ".join(sorted(str(m) for m in decisions["model_id"].unique()))
        raise UnknownModelError(
            f"unknown model '{args.model}': retrain_gate_decisions holds {known}. Declare it "
            "under vars.retrain_gate.models in dbt_project.yml, then run `retrain-gate run` "
            "(or `dbt build --select package:retrain_gate`)."
        )
    if args.date is not None:
        day = rows[rows["eval_date"] == pd.Timestamp(args.date)]
        if day.empty:
            first, last = format_iso(rows["eval_date"].min()), format_iso(rows["eval_date"].max())
            raise NoDecisionError(
                f"no decision for {args.model} on {args.date}: it was decided from {first} to "
                f"{last}. To decide that date, run `retrain-gate run --vars "
                f"'{{retrain_gate_as_of: {args.date}}}'`."
            )
        row = day.iloc[-1]
    else:
        row = rows.sort_values("eval_date").iloc[-1]
    decision = _decision_json(row)
    if args.json:
        print(json.dumps(decision, indent=2))
    else:
        since = f", since {decision['started_on']}" if decision["started_on"] else ""
        print(
            f"{decision['model_id']} on {decision['eval_date']}: {decision['verdict']}{since} "
            f"(exit {decision['exit_code']})"
        )
        print(decision["reason"])
    return int(decision["exit_code"])


def _report(args: argparse.Namespace) -> int:
    from retrain_gate.report import write_report

    with _warehouse(args) as warehouse:
        path = write_report(warehouse, Path(args.out), days=args.days)
    size = path.stat().st_size / 1024
    print(
        f"Wrote the report to {path.resolve()} ({size:,.0f} KB, self-contained: open it in "
        "any browser, offline)."
    )
    return EXIT_OK


def _notify(args: argparse.Namespace) -> int:
    from retrain_gate.notify import DEFAULT_STATE, Settings, describe, notify

    with _warehouse(args) as warehouse:
        decisions = warehouse.decisions()
        project, target = warehouse.project_name, warehouse.target_name
        state = Path(args.state) if args.state else warehouse.project_dir / DEFAULT_STATE
    settings = Settings(
        webhook=args.webhook,
        fmt=args.format,
        state_path=state,
        report_url=args.report_url,
        digest=args.digest,
        timeout=args.timeout,
        project=project,
        target=target,
    )
    print(describe(notify(decisions, settings), settings))
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from retrain_gate.demo.runner import run_demo

    report = Path(args.report) if args.report else None
    run_demo(Path(args.db), rows_per_day=args.rows_per_day, seed=args.seed, report=report)
    return EXIT_OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _webhook(text: str) -> str:
    from retrain_gate.notify_delivery import check_webhook

    try:
        return check_webhook(text)
    except ValueError as error:  # the message leaves the URL out: it may hold a secret
        raise argparse.ArgumentTypeError(str(error)) from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return value


def _add_project_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("dbt project (as for dbt itself)")
    group.add_argument(
        "--project-dir",
        help="your dbt project, the one that installs retrain_gate (default: $DBT_PROJECT_DIR, "
        "else the nearest directory with a dbt_project.yml from here up)",
    )
    group.add_argument(
        "--profiles-dir",
        help="where profiles.yml is (default: $DBT_PROFILES_DIR, else the project directory "
        "when it has one, else dbt's default)",
    )
    group.add_argument("--target", help="the profile's target (default: the profile's own)")
    group.add_argument("--vars", help="dbt --vars, a YAML mapping: '{retrain_gate_as_of: ...}'")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="retrain-gate",
        description="Retrain gates for production models, computed in the warehouse by dbt.",
        epilog=f"Exit codes of `check`: {_VERDICT_CODES}. Of every command: 1 dbt failed, 2 usage, "
        "3 no dbt project (or profile, or package), 4 warehouse unreachable, 5 tables not "
        "built, 6 unknown model, 7 no decision on that date, 8 webhook delivery failed (notify).",
    )
    parser.add_argument("--version", action="version", version=f"retrain-gate {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="build the gates (dbt build of the package's nodes) and print the verdicts",
        description="Runs `dbt build --select package:retrain_gate` in your dbt project with a "
        "node counter, then prints each model's latest verdict and reason. Exits 1 when dbt "
        "fails (a model, or a gate test configured as an error).",
    )
    _add_project_options(run)
    run.add_argument(
        "--select",
        default=PACKAGE_SELECTOR,
        help=f"dbt selector of what to build (default: {PACKAGE_SELECTOR})",
    )
    run.set_defaults(handler=_run)

    status = commands.add_parser(
        "status",
        help="the latest verdict of every model, with its reason",
        description="Reads retrain_gate_decisions and prints each model's latest verdict.",
    )
    _add_project_options(status)
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    status.set_defaults(handler=_status)

    check = commands.add_parser(
        "check",
        help="exit with the code of one model's verdict, for schedulers",
        description=f"Prints MODEL's verdict and exits with its code: {_VERDICT_CODES}.",
    )
    check.add_argument("model", metavar="MODEL", help="the model_id (its key in the vars)")
    check.add_argument(
        "--date", type=_date, help="the evaluation date (YYYY-MM-DD; default: the latest)"
    )
    check.add_argument("--json", action="store_true", help="print the decision as JSON")
    _add_project_options(check)
    check.set_defaults(handler=_check)

    report = commands.add_parser(
        "report",
        help="write a self-contained HTML page with the verdicts and their plots",
        description="Writes one static HTML page (inline CSS and SVG, nothing fetched) with "
        "the verdict timeline, drift heatmaps, integrity findings, outcomes by band and the "
        "trust and label trends of every model.",
    )
    _add_project_options(report)
    report.add_argument("--out", default="retrain_gate_report.html", help="the HTML file")
    report.add_argument(
        "--days", type=int, default=60, help="evaluation dates shown, up to the latest (60)"
    )
    report.set_defaults(handler=_report)

    notify = commands.add_parser(
        "notify",
        help="post each model's verdict change, once, to a webhook (Slack or JSON)",
        description="Posts a message when a model's verdict differs from its verdict on the "
        "evaluation date before, once per change (remembered in --state); with --digest, also "
        "one message a day with every model's verdict. Exits 8 when the webhook cannot be "
        "reached, answers an HTTP error or times out: what was not delivered stays pending in "
        "the state and the next run retries it.",
    )
    _add_project_options(notify)
    webhook = os.environ.get("RETRAIN_GATE_WEBHOOK_URL")
    notify.add_argument(
        "--webhook",
        metavar="URL",
        type=_webhook,
        default=webhook,
        required=not webhook,
        help="the webhook to POST to (default: $RETRAIN_GATE_WEBHOOK_URL, which keeps the "
        "secret out of the process list)",
    )
    notify.add_argument(
        "--format", choices=FORMATS, default="slack", help="the body: Slack message or JSON"
    )
    notify.add_argument(
        "--state",
        metavar="PATH",
        help="the JSON file remembering what was sent and what is pending (default: "
        "target/retrain_gate_notify_state.json in the dbt project)",
    )
    notify.add_argument("--report-url", metavar="URL", help="a link to the report to include")
    notify.add_argument(
        "--digest", action="store_true", help="also post every model's verdict, once a day"
    )
    notify.add_argument(
        "--timeout", type=_seconds, default=10.0, metavar="SECONDS", help="per request (10)"
    )
    notify.set_defaults(handler=_notify)

    demo = commands.add_parser(
        "demo",
        help="generate the demo prediction logs into DuckDB, build retrain_gate on them, "
        "print the summary and verdicts and write the report",
    )
    demo.add_argument("--db", default=str(DEMO_PROJECT / "demo.duckdb"), help="DuckDB file")
    demo.add_argument("--rows-per-day", type=int, default=2000, help="rows per model per day")
    demo.add_argument("--seed", type=int, default=7, help="random seed of the generator")
    demo.add_argument(
        "--report", help="where to write the report (default: report.html next to --db)"
    )
    demo.set_defaults(handler=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.monotonic()
    try:
        code: int = args.handler(args)
    except RetrainGateError as error:
        print(f"retrain-gate {args.command}: error: {error}", file=sys.stderr)
        if getattr(args, "json", False):
            print(json.dumps({"error": str(error), "exit_code": error.exit_code}, indent=2))
        return error.exit_code
    except DbtError as error:
        print(f"retrain-gate {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"retrain-gate {args.command}: interrupted", file=sys.stderr)
        return 130
    if args.command in _TIMED:
        print(f"\nretrain-gate {args.command}: done in {time.monotonic() - started:.1f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
