"""test_notify.py's webhook (http.server on 127.0.0.1, in a thread), its dbt project that
installs retrain_gate from this checkout on a DuckDB file, and the hand-written
retrain_gate_decisions rows the tests put there (no dbt build)."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import yaml

from retrain_gate.dbt_project import PACKAGE_ROOT

SECRET = "/services/T000/B000/s3cr3t"
REPORT = "https://reports.example/retrain_gate.html"
MODEL = {
    "relation": "source:raw.predictions",
    "prediction_id": "prediction_id",
    "timestamp": "scored_at",
    "score": "score",
    "features": {"numeric": ["x"]},
    "reference": {"start": "2024-01-01", "end": "2024-01-31"},
}
REASONS = {
    "healthy": ("healthy", "Healthy: every check is within its thresholds."),
    "retrain": ("outcome.calibration", "Calibration broke: observed 9% vs expected 4% (z > 4)."),
    "hold": ("event.campaign", "Hold: the drift began during the campaign <spring & sale>."),
    "fix_data": ("integrity.null_rate", "Fix the data: x is null in 45% of rows (reference 0%)."),
    "no_retrain": ("drift.psi", "Inputs drifted (psi 0.31 on x); outcomes are stable."),
}


class Hook:
    """A webhook on 127.0.0.1: records each POST (path, headers, JSON body) and answers with
    the next of `replies` ((status, seconds to wait first); then 200 at once)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.replies: list[tuple[int, float]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                status, delay = hook.replies.pop(0) if hook.replies else (200, 0.0)
                data = self.rfile.read(int(self.headers["Content-Length"]))
                hook.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": json.loads(data)}
                )
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.end_headers()
                    self.wfile.write(b"ok" if status == 200 else b"error")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out first

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}{SECRET}"
        self.host = f"127.0.0.1:{self.server.server_port}"
        serve = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        serve.start()

    def bodies(self) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def make_project(root: Path) -> Path:
    """A dbt project in `root` installing retrain_gate from this checkout, on a DuckDB file."""
    config = {
        "name": "notify_test",
        "version": "0.1.0",
        "config-version": 2,
        "profile": "notify_test",
        "vars": {"retrain_gate": {"models": {"m1": MODEL}}},
    }
    (root / "dbt_project.yml").write_text(yaml.safe_dump(config))
    output = {"type": "duckdb", "path": str(root / "warehouse.duckdb"), "schema": "main"}
    profile = {"notify_test": {"target": "dev", "outputs": {"dev": output}}}
    (root / "profiles.yml").write_text(yaml.safe_dump(profile))
    (root / "models").mkdir()
    sources = {"version": 2, "sources": [{"name": "raw", "tables": [{"name": "predictions"}]}]}
    (root / "models" / "sources.yml").write_text(yaml.safe_dump(sources))
    (root / "dbt_packages").mkdir()
    (root / "dbt_packages" / "retrain_gate").symlink_to(PACKAGE_ROOT)  # what `dbt deps` does
    return root


def day(n: int) -> str:
    return str(dt.date(2024, 4, 1) + dt.timedelta(days=n - 1))


def decide(project: Path, histories: dict[str, list[str]]) -> None:
    """retrain_gate_decisions with model m's verdict on 2024-04-0i the i-th of histories[m]."""
    rows = [
        (model, day(i), verdict, *REASONS[verdict], None, 0, None, "inv", f"{day(i)} 05:00:00")
        for model, verdicts in histories.items()
        for i, verdict in enumerate(verdicts, start=1)
    ]
    with duckdb.connect(str(project / "warehouse.duckdb")) as con:
        con.execute(
            "create or replace table main.retrain_gate_decisions (model_id varchar, eval_date "
            "date, verdict varchar, reason_code varchar, reason varchar, started_on date, "
            "n_breaches integer, evidence varchar, invocation_id varchar, evaluated_at timestamp)"
        )
        con.executemany(
            "insert into main.retrain_gate_decisions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
