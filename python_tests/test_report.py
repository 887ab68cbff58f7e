"""`retrain-gate report` on the demo (built once on DuckDB): one self-contained page, no network
reference, the plots the tables call for (each checked against the readers), and the page
rendered by headless Chromium without a console message, with every plot drawn. Chromium is
required (`apt-get install -y chromium`; .ci/run installs it)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml
from cli_demo import AS_OF, Demo, build_demo, cli

import retrain_gate
from retrain_gate.dbt_project import DEMO_PROJECT
from retrain_gate.demo.stories import STORIES
from retrain_gate.report import render_report

PLOT = re.compile(r'<svg class="plot" data-plot="([a-z-]+)" data-model="([a-z_0-9]*)"')
MARKS = ("rect", "polyline", "circle", "line")
_DEMO_MODELS = yaml.safe_load((DEMO_PROJECT / "dbt_project.yml").read_text())["vars"][
    "retrain_gate"
]["models"]
#: The demo's regression models (kind: regression): no AUC, so neither its trend nor its estimate.
REGRESSION = {name for name, model in _DEMO_MODELS.items() if model.get("kind") == "regression"}
MULTICLASS = {name for name, model in _DEMO_MODELS.items() if model.get("kind") == "multiclass"}
RANKING = {name for name, model in _DEMO_MODELS.items() if model.get("kind") == "ranking"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return build_demo(tmp_path_factory, "report_demo")


@pytest.fixture(scope="module")
def report(demo: Demo) -> tuple[Path, str]:
    out = demo.project.parent / "out" / "report.html"
    done = cli("report", "--out", str(out), "--project-dir", str(demo.project), env=demo.env)
    assert done.returncode == 0, done.stderr
    assert f"Wrote the report to {out}" in done.stdout
    return out, out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tables(demo: Demo) -> dict[str, pd.DataFrame]:
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("RETRAIN_GATE_DEMO_DB", str(demo.db))
    try:
        with retrain_gate.Warehouse(demo.project) as warehouse:
            return {
                "decisions": warehouse.decisions(),
                "signals": warehouse.signals(),
                "bands": warehouse.band_outcomes(),
                "exclusions": warehouse.exclusions(),
            }
    finally:
        monkeypatch.undo()


def _plots(html: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for kind, model in PLOT.findall(html):
        found.setdefault(kind, set()).add(model)
    return found


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "headless Chromium is required to test the report: apt-get install -y chromium "
        "(.ci/run installs it)"
    )


def run_chromium(page: Path, *args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",  # root in CI
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
        page.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def console_messages(stderr: str) -> list[str]:
    """Every message the page wrote to the console (errors, failed loads, uncaught
    exceptions): Chromium logs them all as CONSOLE lines, whatever their level."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class _SvgCounter(HTMLParser):
    """The plots of a DOM: per <svg class="plot">, its kind, size and number of marks."""

    def __init__(self) -> None:
        super().__init__()
        self.plots: list[dict[str, object]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "svg" and values.get("class") == "plot":
            self.plots.append(
                {
                    "kind": values.get("data-plot"),
                    "width": float(values.get("width") or 0),
                    "height": float(values.get("height") or 0),
                    "marks": 0,
                }
            )
            self.depth = 1
        elif self.depth and tag in MARKS:
            self.plots[-1]["marks"] = int(str(self.plots[-1]["marks"])) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.depth = 0


# -- the page ------------------------------------------------------------------------------


def test_the_page_is_self_contained(report: tuple[Path, str]) -> None:
    _, html = report
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", html), "no URL at all, not even an SVG namespace"
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert not re.search(r"\bsrc=|url\(|@import", html)
    assert len(html) > 200_000
    # text is escaped, the drift legend's bounds too: no bare "<" opens a tag that is none
    assert "&lt; 0.01" in html and "&gt;= 1" in html
    assert not re.search(r"<(?![a-zA-Z/!])", html)


def test_every_plot_the_tables_call_for(
    report: tuple[Path, str], tables: dict[str, pd.DataFrame]
) -> None:
    _, html = report
    plots = _plots(html)
    signals, bands = tables["signals"], tables["bands"]
    models = set(tables["decisions"]["model_id"])
    assert len(models) == len(STORIES)
    assert plots["verdict-timeline"] == {""}
    assert plots["drift-heatmap"] == set(signals.loc[signals["family"] == "drift", "model_id"])
    integrity = signals[
        (signals["family"] == "integrity")
        & (signals["segment"] == "all")
        & signals["status"].isin(["warn", "breach"])
    ]
    assert plots["integrity-heatmap"] == set(integrity["model_id"])
    broken = {
        *("fraud_detector", "churn_predictor", "credit_limit", "ticket_router", "intent_router"),
        "search_ranker",
    }
    assert broken <= set(plots["integrity-heatmap"])
    labelled = bands[(bands["segment"] == "all") & (bands["n_labelled"] > 0)]
    assert plots["band-outcomes"] == set(labelled["model_id"]) == models
    with_loss = bands[bands["loss_ratio"].notna() | bands["reference_loss_ratio"].notna()]
    assert plots["band-loss"] == set(with_loss["model_id"])
    assert plots["band-loss"] == {"fraud_detector", "credit_limit", "claims_risk"}
    # an AUC for 0/1 labels, a multiclass model's top class and a ranker's relevant results;
    # estimates for 0/1 only
    binary = models - REGRESSION - MULTICLASS - RANKING
    assert plots["trend-discrimination"] == models - REGRESSION
    assert plots["trend-ranking"] == RANKING
    # the estimate beside the realized AUC, for every model whose estimate could be judged
    estimated = signals[
        (signals["check_name"] == "estimated_discrimination")
        & (signals["status"] != "insufficient_data")
    ]
    assert plots["trend-estimate"] == set(estimated["model_id"]) == binary
    assert plots["trend-override"] == {"loan_approval"}
    assert plots["trend-proxy"] == {"feed_ranker"}
    assert "claims_risk" in plots["trend-segment-mix"]
    # timeline, drift, integrity, band rates, loss, AUC, NDCG, its estimate, overrides, proxy, mix
    n, b, r = len(STORIES), len(binary), len(RANKING)
    assert len(PLOT.findall(html)) >= 1 + n + 6 + n + 3 + b + 1 + r + r + b + 1 + 1 + 1


def test_the_plots_hold_the_tables_values(
    report: tuple[Path, str], tables: dict[str, pd.DataFrame]
) -> None:
    _, html = report
    timeline = html[html.index('data-plot="verdict-timeline"') :]
    timeline = timeline[: timeline.index("</svg>")]
    assert timeline.count("<rect") == len(tables["decisions"]) == len(STORIES) * 60
    assert f"default_risk on {AS_OF}: retrain (damage.discrimination)" in timeline
    # the unit change breaches drift from 2024-04-01, outlined as a breach
    assert re.search(r"monthly_income on 2024-04-01: PSI [0-9.]+ \(breach", html)
    # the lowest band of default_risk: its observed rate as a bar
    bands = tables["bands"]
    day = bands[(bands["model_id"] == "default_risk") & (bands["segment"] == "all")]
    lowest = day[(day["eval_date"] == day["eval_date"].max()) & (day["band"] == 1)].iloc[0]
    assert f"band 1, observed (window): {lowest['observed_rate'] * 100:.3g}%" in html
    # every model has its section, ordered by the precedence of its verdict
    order = re.findall(r'<section class="model" id="model-([a-z_]+)"', html)
    fixed = ["churn_predictor", "credit_limit", "fraud_detector", "intent_router", "ticket_router"]
    assert order[:6] == sorted([*fixed, "search_ranker"])
    assert order[-1] == "spam_filter" and len(order) == len(STORIES)
    assert "Leave out of training" in html and "Partner reactivation campaign" in html


def test_the_demo_writes_the_same_report(demo: Demo, report: tuple[Path, str]) -> None:
    _, html = report
    demo_html = demo.report.read_text(encoding="utf-8")
    assert Counter(PLOT.findall(demo_html)) == Counter(PLOT.findall(html))


# -- in a browser --------------------------------------------------------------------------


def test_chromium_renders_every_plot_without_a_console_message(
    report: tuple[Path, str], tmp_path: Path
) -> None:
    page, html = report
    done = run_chromium(page, "--dump-dom", profile=tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-3000:]
    assert console_messages(done.stderr) == []
    parser = _SvgCounter()
    parser.feed(done.stdout)
    expected = PLOT.findall(html)
    assert [plot["kind"] for plot in parser.plots] == [kind for kind, _ in expected]
    for plot in parser.plots:
        assert float(str(plot["width"])) > 100 and float(str(plot["height"])) > 30, plot
        assert int(str(plot["marks"])) >= 10, plot
    screenshot = tmp_path / "report.png"
    shot = run_chromium(
        page, "--window-size=1280,6000", f"--screenshot={screenshot}", profile=tmp_path / "shot"
    )
    assert shot.returncode == 0, shot.stderr[-3000:]
    assert console_messages(shot.stderr) == []
    image = screenshot.read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) > 100_000
    print(f"screenshot: {screenshot}")


def test_the_console_check_catches_a_broken_page(tmp_path: Path) -> None:
    """So an empty list above means a clean page, not a check that sees nothing."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="missing.png">'
        "<script>console.error('boom'); notDefined();</script></body></html>"
    )
    done = run_chromium(page, "--dump-dom", profile=tmp_path / "profile")
    messages = " ".join(console_messages(done.stderr))
    assert "boom" in messages and "notDefined" in messages


# -- edge cases, without a warehouse -------------------------------------------------------


def test_a_model_without_labels_signals_or_exclusions() -> None:
    days = [dt.date(2024, 5, 1) + dt.timedelta(days=i) for i in range(3)]
    decisions = pd.DataFrame(
        {
            "model_id": ["quiet"] * 3,
            "eval_date": pd.to_datetime(days),
            "verdict": ["healthy", "hold", "weird_new_verdict"],
            "reason_code": ["healthy", "transient.psi", "x"],
            "reason": ["Healthy: nothing notable.", "Hold: <b>psi</b> & co", "?"],
            "started_on": pd.to_datetime([None, days[1], None]),
            "n_breaches": pd.array([0, 1, 0], dtype="Int64"),
            "evidence": [None, "hold: psi x [all] 0.3 since 2024-05-02", None],
            "invocation_id": ["i"] * 3,
            "evaluated_at": pd.to_datetime(days),
        }
    )
    signals = pd.DataFrame(
        columns=["model_id", "eval_date", "family", "check_name", "subject", "segment", "status"]
    )
    bands = pd.DataFrame(columns=["model_id", "eval_date", "segment", "band", "n_labelled"])
    html = render_report(decisions, signals, bands, None)
    assert "Hold: &lt;b&gt;psi&lt;/b&gt; &amp; co" not in html  # the latest row is shown
    assert "weird_new_verdict" in html
    assert "No drift signal in these dates." in html
    assert "no matured labels yet" in html
    assert _plots(html) == {"verdict-timeline": {""}}
    escaped = render_report(decisions.iloc[:2], signals, bands, None)
    assert "Hold: &lt;b&gt;psi&lt;/b&gt; &amp; co" in escaped and "<b>psi</b>" not in escaped
