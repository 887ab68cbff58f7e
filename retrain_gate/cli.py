"""The `retrain-gate` command line."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from retrain_gate.dbt_project import DEMO_PROJECT, DbtError


def _demo(args: argparse.Namespace) -> int:
    from retrain_gate.demo.runner import run_demo

    run_demo(Path(args.db), rows_per_day=args.rows_per_day, seed=args.seed)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="retrain-gate",
        description="Retrain gates for production models, computed in the warehouse by dbt.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo",
        help="generate the demo prediction logs into DuckDB, build retrain_gate on them "
        "and print the drift summary",
    )
    demo.add_argument("--db", default=str(DEMO_PROJECT / "demo.duckdb"), help="DuckDB file")
    demo.add_argument("--rows-per-day", type=int, default=2000, help="rows per model per day")
    demo.add_argument("--seed", type=int, default=7, help="random seed of the generator")
    demo.set_defaults(handler=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.monotonic()
    try:
        code: int = args.handler(args)
    except DbtError as error:
        print(f"retrain-gate {args.command}: {error}", file=sys.stderr)
        return 2
    print(f"\nretrain-gate {args.command}: done in {time.monotonic() - started:.1f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
