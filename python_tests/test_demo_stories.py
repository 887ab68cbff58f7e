"""The demo end to end: `retrain-gate demo` on DuckDB, and the demo project on Postgres. The
stories whose inputs drift are caught by the drift checks on the right features, from the
right date; the features the stories leave alone never breach."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pandas as pd
import pytest
import yaml
from cli_demo import ROWS_PER_DAY, run_root, shared_demo_run
from conftest import make_warehouse
from harness import Warehouse
from pg_server import ThrowawayPostgres

from retrain_gate.dbt_project import DEMO_PROJECT, run_dbt
from retrain_gate.demo.generator import DemoData, generate_demo

# The decisions and exclusions of each engine's demo build, kept beside the signals.
_DECISIONS: dict[str, pd.DataFrame] = {}
_EXCLUSIONS: dict[str, pd.DataFrame] = {}


@pytest.fixture(scope="module")
def demo(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> tuple[DemoData, pd.DataFrame, str]:
    data = generate_demo(rows_per_day=ROWS_PER_DAY)
    warehouse: Warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    if engine == "duckdb":
        db, output = shared_demo_run(run_root(tmp_path_factory))
        assert warehouse.duckdb_path is not None
        shutil.copy(db, warehouse.duckdb_path)
    else:
        warehouse.load(data.tables, schema="demo_raw")
        env = {
            "RETRAIN_GATE_PG_PORT": str(pg_server.port),
            "RETRAIN_GATE_PG_DB": str(warehouse.output["dbname"]),
        }
        run_dbt(["deps", "--quiet"], DEMO_PROJECT, env=env, echo=False)
        output = run_dbt(["build", "--target", "postgres"], DEMO_PROJECT, env=env, echo=False)
    signals = warehouse.table("retrain_gate_signals")
    for column in ("eval_date", "first_breach_date"):
        signals[column] = pd.to_datetime(signals[column]).dt.date
    decisions = warehouse.table("retrain_gate_decisions")
    decisions["eval_date"] = pd.to_datetime(decisions["eval_date"]).dt.date
    _DECISIONS[engine] = decisions
    _EXCLUSIONS[engine] = warehouse.table("retrain_gate_training_exclusions")
    return data, signals, output


def _drift(signals: pd.DataFrame, model_id: str, feature: str) -> pd.DataFrame:
    return signals[
        (signals.family == "drift")
        & (signals.model_id == model_id)
        & (signals.subject == feature)
        & (signals.segment == "all")
    ]


def test_the_demo_prints_a_drift_summary_per_model_and_feature(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, _, output = demo
    if "Drift on" not in output:
        pytest.skip("the summary is printed by `retrain-gate demo`, the DuckDB run")
    assert f"Drift on {data.as_of}" in output
    for story in data.stories:
        assert f"\n{story.model_id}  (window" in output
    assert "monthly_income" in output and "breach" in output


def test_drifting_features_move_only_once_their_story_starts(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, signals, _ = demo
    checked = 0
    for story in data.stories:
        assert story.start is not None or not story.drifting_features
        for feature in story.drifting_features:
            rows = _drift(signals, story.model_id, feature)
            alarms = rows[rows.status.isin(["warn", "breach"])]
            # the last evaluation date whose window holds the story's days
            judged = min(story.end or data.as_of, data.as_of)
            assert judged in set(alarms.eval_date), (story.model_id, feature)
            assert alarms.eval_date.min() >= story.start, (story.model_id, feature)
            checked += 1
    assert checked == 17


@pytest.mark.parametrize(
    ("model_id", "feature"),
    [
        ("credit_limit", "monthly_income"),
        ("ticket_router", "intent"),
        ("intent_router", "product_area"),
        ("promo_response", "discount_pct"),
        ("conversion_model", "basket_value"),
    ],
)
def test_the_main_drifting_feature_of_a_story_breaches(
    demo: tuple[DemoData, pd.DataFrame, str], model_id: str, feature: str
) -> None:
    data, signals, _ = demo
    story = next(s for s in data.stories if s.model_id == model_id)
    rows = _drift(signals, model_id, feature)
    judged = min(story.end or data.as_of, data.as_of)
    assert "breach" in set(rows[rows.eval_date == judged].status)
    assert story.start is not None
    first = rows[rows.status == "breach"].first_breach_date.min()
    # a step change breaches once enough of its days are in the 7-day window; a ramp (the
    # covariate shift grows over 14 days) once it has grown enough
    assert story.start <= first <= story.start + timedelta(days=14), first


def test_unit_change_breaches_the_day_it_starts(demo: tuple[DemoData, pd.DataFrame, str]) -> None:
    _, signals, _ = demo
    income = _drift(signals, "credit_limit", "monthly_income")
    psi = income[income.check_name == "psi"]
    last = psi[psi.eval_date == psi.eval_date.max()].iloc[0]
    assert last.first_breach_date == date(2024, 4, 1)
    assert last.consecutive_days == (last.eval_date - date(2024, 4, 1)).days + 1


def test_stable_features_never_breach(demo: tuple[DemoData, pd.DataFrame, str]) -> None:
    data, signals, _ = demo
    for story in data.stories:
        for feature in story.stable_features:
            rows = _drift(signals, story.model_id, feature)
            assert len(rows) > 0, (story.model_id, feature)
            assert not (rows.status == "breach").any(), (story.model_id, feature)


def test_every_status_is_judged_on_enough_data(demo: tuple[DemoData, pd.DataFrame, str]) -> None:
    _, signals, _ = demo
    drift = signals[(signals.family == "drift") & (signals.check_name != "daily_psi")]
    assert (drift[drift.segment == "all"].status != "insufficient_data").all()
    # min_window_rows: 500, or the model's own (search_ranker's ranking_quality counts queries)
    models = yaml.safe_load((DEMO_PROJECT / "dbt_project.yml").read_text())["vars"]["retrain_gate"]
    minimum = drift.model_id.map(lambda m: models["models"][m].get("min_window_rows", 500))
    assert (drift[drift.n_window < minimum].status == "insufficient_data").all()
    # the day's own psi needs min_day_rows (200) values, pooling the days before at low volume
    daily = signals[signals.check_name == "daily_psi"]
    assert len(daily) > 0 and (daily[daily.n_window < 200].status == "insufficient_data").all()
    # integrity judges each day (pooled at low volume): at least min_day_rows (200) values
    integrity = signals[
        (signals.family == "integrity") & (signals.check_name != "source_freshness")
    ]
    small = integrity[integrity.n_window < 200]
    assert len(small) > 0 and (small.status == "insufficient_data").all()
    assert small.detail.str.contains(
        r"^too few values in the pooled days: \d+ \(minimum 200\)$"
    ).all()


# The demo's integrity stories and the check that must catch each, on the story's subject.
INTEGRITY_STORIES = {
    "frozen_feature": "stale_entities",
    "null_spike": "null_spike",
    "unit_change": "scale_shift",
    "stale_taxonomy": "unseen_categories",
    "multiclass_taxonomy": "unseen_categories",
    "ranking_stale_feature": "null_spike",
}


def _integrity_breaches(signals: pd.DataFrame) -> pd.DataFrame:
    return signals[(signals.family == "integrity") & (signals.status == "breach")]


def test_integrity_stories_are_caught_by_their_check_from_their_day(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, signals, _ = demo
    breaches = _integrity_breaches(signals)
    whole = breaches[breaches.segment == "all"]
    for story in data.stories:
        if story.story not in INTEGRITY_STORIES:
            continue
        assert story.start is not None
        check = INTEGRITY_STORIES[story.story]
        caught = whole[(whole.model_id == story.model_id) & (whole.subject == story.subject)]
        assert set(caught.check_name) == {check}, (story.model_id, set(caught.check_name))
        # the run of breaches starts within a day of the injection and lasts to the as-of date
        last = caught[caught.eval_date == data.as_of].iloc[0]
        assert abs((last.first_breach_date - story.start).days) <= 1, last.first_breach_date
        assert last.consecutive_days == (data.as_of - last.first_breach_date).days + 1


def test_no_integrity_breach_outside_the_integrity_stories(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, signals, _ = demo
    breaches = _integrity_breaches(signals)
    broken = {
        (story.model_id, story.subject)
        for story in data.stories
        if story.story in INTEGRITY_STORIES
    }
    # a broken input moves the score computed from it: credit_limit's default_score follows
    # monthly_income, so its segments may breach too
    consequences = {("credit_limit", "default_score")}
    unexpected = breaches[
        ~breaches.apply(lambda r: (r.model_id, r.subject) in broken | consequences, axis=1)
    ]
    assert unexpected.empty, unexpected[
        ["model_id", "check_name", "subject", "segment", "eval_date"]
    ]


def test_the_demo_prints_integrity_findings_per_model(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, _, output = demo
    if "Integrity on" not in output:
        pytest.skip("the summary is printed by `retrain-gate demo`, the DuckDB run")
    findings = output.split(f"Integrity on {data.as_of}")[1]
    assert "breach null_spike           sessions_last_7d: null rate" in findings
    assert "a unit-like change (x100) (since 2024-04-01)" in findings
    assert "spam_filter\n  no integrity finding" in findings


# The outcome checks that show a model's outcomes got worse (the band and model checks).
DAMAGE_CHECKS = {
    "calibration",
    "rank_order",
    "loss_rank_order",
    "band_loss_shift",
    "discrimination",
}


def _latest(signals: pd.DataFrame, model_id: str, check_name: str) -> pd.DataFrame:
    rows = signals[
        (signals.model_id == model_id)
        & (signals.check_name == check_name)
        & (signals.segment == "all")
    ]
    return rows[rows.eval_date == rows.eval_date.max()]


def _story(data: DemoData, story: str) -> tuple[str, date]:
    found = next(s for s in data.stories if s.story == story)
    assert found.start is not None
    return found.model_id, found.start


def test_concept_change_shows_persistent_outcome_damage_on_healthy_inputs(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, signals, _ = demo
    model_id, start = _story(data, "concept_change")
    damage = signals[
        (signals.model_id == model_id)
        & signals.check_name.isin(DAMAGE_CHECKS)
        & (signals.status == "breach")
    ]
    latest = damage[damage.eval_date == data.as_of]
    assert not latest.empty
    # persistent: breaching for weeks by the as-of date, and never before the change matured
    assert latest.consecutive_days.max() >= 7
    assert damage.eval_date.min() >= start + timedelta(days=14)  # maturity_days 14
    inputs = signals[
        (signals.model_id == model_id)
        & (signals.family == "integrity")
        & (signals.status == "breach")
    ]
    assert inputs.empty, inputs[["check_name", "subject", "eval_date"]]


def test_claim_inflation_breaches_bias_shift_once_its_labels_mature(
    demo: tuple[DemoData, pd.DataFrame, str], engine: str
) -> None:
    """claim_cost, a regression model: from the story's day every claim costs 30% more at the
    same prediction. bias_shift (paid / predicted vs the reference) breaches once most of a
    matured 7-day outcome window holds inflated claims, never before; no input breaches, and
    the model is healthy until the damage, then retrain on the O/E."""
    data, signals, _ = demo
    model_id, start = _story(data, "claim_cost")
    mine = signals[(signals.model_id == model_id) & (signals.segment == "all")]
    bias = mine[(mine.check_name == "bias_shift") & (mine.status == "breach")]
    assert not bias.empty
    # the first outcome window holding an inflated day matures at start + maturity_days (14);
    # the O/E passes the breach threshold (1.25) once about 6 of its 7 days are inflated
    matured = start + timedelta(days=14)
    assert matured <= bias.eval_date.min() <= matured + timedelta(days=7), bias.eval_date.min()
    last = bias[bias.eval_date == data.as_of].iloc[0]
    assert 1.2 < last.value / last.baseline < 1.4, last.detail
    assert last.consecutive_days >= 7
    damage = mine[(mine.family == "outcome") & (mine.status == "breach")]
    assert damage.eval_date.min() >= matured
    assert set(damage.check_name) <= {"bias_shift", "error_growth", "calibration"}
    inputs = signals[
        (signals.model_id == model_id)
        & signals.family.isin(["drift", "integrity"])
        & (signals.status == "breach")
    ]
    assert inputs.empty, inputs[["check_name", "subject", "eval_date"]]
    assert not mine.check_name.isin(["discrimination", "estimated_discrimination"]).any()
    decisions = _DECISIONS[engine]
    timeline = decisions[decisions.model_id == model_id].sort_values("eval_date")
    before = timeline[timeline.eval_date < bias.eval_date.min()]
    assert (before.verdict == "healthy").all(), before[before.verdict != "healthy"]
    retrain = timeline[timeline.verdict == "retrain"]
    assert retrain.eval_date.min() - bias.eval_date.min() <= timedelta(days=7)
    latest = timeline.iloc[-1]
    assert latest.verdict == "retrain" and latest.reason_code == "damage.bias_shift"
    assert "model: O/E 1.2" in latest.reason or "model: O/E 1.3" in latest.reason, latest.reason


def _assert_ndcg_fell(
    data: DemoData, signals: pd.DataFrame, story: str, fall: float
) -> pd.DataFrame:
    """ranking_quality breaches on the last day by at least `fall` of NDCG, only after the
    story's start; returns the model's whole-population signals."""
    model_id, start = _story(data, story)
    mine = signals[(signals.model_id == model_id) & (signals.segment == "all")]
    quality = mine[mine.check_name == "ranking_quality"]
    last = quality[quality.eval_date == data.as_of].iloc[0]
    assert last.status == "breach" and last.value < last.baseline - fall, last.detail
    assert "NDCG@10" in last.detail and "MRR@10" in last.detail
    assert last.first_breach_date > start
    assert "breach" not in set(quality[quality.eval_date < start].status)
    return mine


def test_a_ranker_whose_feature_stopped_ranks_worse_and_is_fixed_not_retrained(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, signals, _ = demo
    # NDCG@10 fell once the stale queries' labels matured (3 days): the ranking got worse
    _assert_ndcg_fell(data, signals, "ranking_stale_feature", 0.02)


def test_a_ranker_whose_shoppers_changed_is_retrained(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, signals, _ = demo
    mine = _assert_ndcg_fell(data, signals, "ranking_behaviour_change", 0.05)
    # the inputs held: no drift or integrity breach on the whole population
    inputs = mine[mine.family.isin(["drift", "integrity"])]
    assert "breach" not in set(inputs.status), inputs[inputs.status == "breach"].detail


def test_covariate_drift_alone_does_no_outcome_damage(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, signals, _ = demo
    model_id, _ = _story(data, "covariate_drift")
    model = signals[signals.model_id == model_id]
    assert (model[model.family == "drift"].status == "breach").any()
    damage = model[model.check_name.isin(DAMAGE_CHECKS) & (model.status == "breach")]
    assert damage.empty, damage[["check_name", "subject", "eval_date", "detail"]]
    judged = model[model.check_name.isin(DAMAGE_CHECKS) & (model.status != "insufficient_data")]
    assert len(judged) > 100


def test_proxy_decoupling_is_caught_while_clicks_hold(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, signals, _ = demo
    model_id, start = _story(data, "proxy_decoupling")
    latest = _latest(signals, model_id, "proxy_alignment").iloc[0]
    assert latest.status == "breach"
    assert latest.value < 0.8 * latest.baseline  # engaged per click fell
    assert latest.first_breach_date >= start
    others = signals[(signals.check_name == "proxy_alignment") & (signals.model_id != model_id)]
    assert others.empty  # only feed_ranker declares a proxy


def test_rising_overrides_are_caught_mostly_in_the_south(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, signals, _ = demo
    model_id, start = _story(data, "override_rise")
    latest = _latest(signals, model_id, "override_rate").iloc[0]
    assert latest.status == "breach"
    assert latest.value > 0.12 and latest.baseline < 0.06
    rows = signals[(signals.model_id == model_id) & (signals.check_name == "override_rate")]
    assert rows[rows.status == "breach"].eval_date.min() >= start
    by_segment = rows[rows.eval_date == data.as_of].set_index("segment")
    south = by_segment.loc["branch_region=south"]
    assert south.value - south.baseline == max(by_segment.value - by_segment.baseline)


def test_the_mix_shift_is_attributed_to_mix(demo: tuple[DemoData, pd.DataFrame, str]) -> None:
    data, signals, _ = demo
    model_id, start = _story(data, "segment_mix_shift")
    mix = _latest(signals, model_id, "segment_mix").iloc[0]
    assert (mix.status, mix.subject) == ("breach", "driver_segment")
    attribution = _latest(signals, model_id, "mix_attribution").iloc[0]
    assert attribution.status == "breach" and attribution.value >= 0.5, attribution.detail
    rows = signals[(signals.model_id == model_id) & (signals.check_name == "segment_mix")]
    assert rows[rows.status == "breach"].eval_date.min() >= start


def test_the_quiet_model_has_no_outcome_or_trust_finding(
    demo: tuple[DemoData, pd.DataFrame, str],
) -> None:
    data, signals, _ = demo
    model_id, _ = next((s.model_id, s.start) for s in data.stories if s.story == "quiet")
    quiet = signals[(signals.model_id == model_id) & signals.family.isin(["outcome", "trust"])]
    assert len(quiet) > 0
    assert not (quiet.status == "breach").any(), quiet[quiet.status == "breach"]


def test_every_story_gets_its_verdict(
    demo: tuple[DemoData, pd.DataFrame, str], engine: str
) -> None:
    data, _, _ = demo
    decisions = _DECISIONS[engine]
    latest = decisions[decisions.eval_date == data.as_of].set_index("model_id")
    assert len(latest) == len(data.stories)
    for story in data.stories:
        row = latest.loc[story.model_id]
        assert row.verdict == story.expected_verdict, (story.model_id, row.verdict, row.reason)
        assert row.reason and row.reason_code


def test_the_estimate_speaks_before_the_labels_and_the_labels_say_whether_it_explains(
    demo: tuple[DemoData, pd.DataFrame, str], engine: str
) -> None:
    """card_approval's thin-file applicants: the estimated AUC breaches days after they start,
    a week before any of their labels matures (14 days); once the labels are in, the realized
    fall is the one the scores predicted (investigate, not retrain). default_risk's concept
    change leaves the estimate where it was; conversion_model's no_retrain quotes it."""
    data, signals, _ = demo
    model_id, start = _story(data, "thin_file")
    mine = signals[(signals.model_id == model_id) & (signals.segment == "all")]
    estimated = mine[(mine.check_name == "estimated_discrimination") & (mine.status == "breach")]
    realized = mine[(mine.check_name == "discrimination") & (mine.status == "breach")]
    assert not estimated.empty and not realized.empty
    assert estimated.eval_date.min() >= start
    assert (realized.eval_date.min() - estimated.eval_date.min()).days >= 7
    decisions = _DECISIONS[engine]
    latest = decisions[decisions.eval_date == data.as_of].set_index("model_id")
    assert "explained_by_score_mix" in latest.loc[model_id].reason
    history = decisions[decisions.model_id == model_id]
    assert not (history.verdict == "retrain").any(), history[history.verdict == "retrain"]
    ahead = decisions[
        (decisions.model_id == model_id)
        & (decisions.reason_code == "estimate.estimated_discrimination")
    ]
    assert not ahead.empty and ahead.eval_date.min() < realized.eval_date.min()
    concept = signals[
        (signals.model_id == "default_risk")
        & (signals.check_name == "estimated_discrimination")
        & (signals.eval_date == data.as_of)
    ]
    assert (concept.status == "ok").all() and len(concept) == 1
    assert "estimated from the scores, the outcome holds" in latest.loc["conversion_model"].reason


def test_the_campaign_is_held_and_its_days_excluded(
    demo: tuple[DemoData, pd.DataFrame, str], engine: str
) -> None:
    data, _, _ = demo
    model_id, start = _story(data, "campaign")
    decisions = _DECISIONS[engine]
    held = decisions[(decisions.model_id == model_id) & (decisions.verdict == "hold")]
    assert held.eval_date.min() == start
    assert (held.reason_code == "event.campaign").all()
    assert "Partner reactivation campaign" in held.reason.iloc[0]
    before = decisions[(decisions.model_id == model_id) & (decisions.eval_date < start)]
    assert (before.verdict == "healthy").all()
    exclusions = _EXCLUSIONS[engine]
    events = exclusions[(exclusions.model_id == model_id) & (exclusions.reason_kind == "event")]
    campaign = events[events.subject == "campaign"].iloc[0]
    assert pd.Timestamp(campaign.start_date).date() == start


@pytest.mark.parametrize("story", ["concept_change", "claim_cost"])
def test_a_persistent_change_is_held_first_then_gets_its_verdict(
    demo: tuple[DemoData, pd.DataFrame, str], engine: str, story: str
) -> None:
    data, _, _ = demo
    model_id, _ = _story(data, story)
    decisions = _DECISIONS[engine]
    timeline = decisions[decisions.model_id == model_id].sort_values("eval_date")
    verdicts = [
        v for i, v in enumerate(timeline.verdict) if i == 0 or v != timeline.verdict.iloc[i - 1]
    ]
    # healthy, then hold while the damage is younger than persistence_days, then retrain
    assert verdicts[:3] == ["healthy", "hold", "retrain"], verdicts
    assert timeline.verdict.iloc[-1] == "retrain"
