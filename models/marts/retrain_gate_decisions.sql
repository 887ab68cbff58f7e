{#-
  retrain_gate_decisions: the verdict of each monitored model on each evaluation date, with the
  reason a person can act on and the signals behind it. The audit trail: append-only and never
  rebuilt (full_refresh: false); a run decides the dates after the last one decided, and the
  as-of date again (a rerun replaces that date's row, never duplicates it), so backfills with
  the as-of date pinned reproduce what the nightly runs decided.

  Each breaching signal of the day (retrain_gate_signals) gets a category, and a verdict as if
  it were alone:
    fix_data     an integrity breach, on the whole population or on a critical feature
    fix_labels   proxy_alignment or label_coverage
    hold         any other breach that began while its window overlapped an annotated event
                 (stg_retrain_gate__events), or that is not persistent yet
    retrain      outcome damage (calibration, rank_order, loss_rank_order, band_loss_shift,
                 discrimination) that is persistent, unless mix_attribution says the outcome
                 change comes mostly from the segment mix (then investigate)
    investigate  override_rate, segment_mix or mix_attribution, persistent;
                 estimated_discrimination (an outcome estimated from the scores before labels
                 mature: never retrain); and outcome damage that explained_by_score_mix
                 explains on the date (at least warn: no verdict of its own)
    no_retrain   window drift (psi, js_distance, ks, linf) on the whole population, persistent
  and the model's verdict is the first in that order (docs/design.md). When none applies, the model
  is healthy if a drift or outcome check of the whole population could be judged, else
  insufficient_data: silence is not health.
  Persistent: judged on evidence that does not overlap. Outcome damage and trust (overrides,
  mix): breaching for persistence_days evaluation dates in a row AND at least warn on the
  disjoint window that ended window_days before (the same check, subject and segment): two
  windows without a common row, so under a quiet model the chance is about P(breach) *
  P(warn), not P(breach) (docs/statistics.md, "Persistence on independent evidence"). Drift, judged on days: the
  feature's daily_psi breached on persistence_days days in a row, or the window breach has
  outlived any event of persistence_days days (window_days + persistence_days - 1 dates).
  Integrity breaches need no persistence (fix_data at once). A category (outcome damage,
  trust, drift) is persistent when one of its breaches is.
-#}
-- depends_on: {{ ref('retrain_gate_signals') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'eval_date'], full_refresh=false)) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set decided = retrain_gate.decided_through() -%}
{%- set text = dbt.type_string() -%}
{%- set population_check = "case when signals.family in ('drift', 'outcome') and signals.segment = 'all' then 1 else 0 end" -%}
{%- set outcome_check = "case when signals.family = 'outcome' and signals.segment = 'all' then 1 else 0 end" -%}
{%- set shortfall = dbt.concat(['signals.check_name', "' on '", 'signals.subject', "': '", 'signals.detail']) -%}
{#- each category's checks (macro retrain_gate_checks) and the breaches it takes: integrity's on
    the whole population or a critical feature, drift's on the whole population -#}
{%- set scopes = {'fix_data': "(breaches.segment = 'all' or breaches.is_critical)", 'drift': "breaches.segment = 'all'"} -%}
{%- set categories = {} -%}
{%- for check_name, check in retrain_gate.retrain_gate_checks().items() if check.category not in ['none', 'explains'] -%}
{%- do categories.setdefault(check.category, []).append(check_name) -%}
{%- endfor -%}
{%- set verdicts = retrain_gate.retrain_gate_verdicts().keys() | list -%}
{%- set critical = [] -%}
{%- for m in cfg.models -%}
{%- for feature in m.features if feature.critical -%}
{%- do critical.append("(signals.model_id = '" ~ m.model_id ~ "' and signals.subject = '" ~ feature.name ~ "')") -%}
{%- endfor -%}
{%- endfor %}
with settings as (
    {%- for m in cfg.models %}
    select
        '{{ m.model_id }}' as model_id,
        {{ m.persistence_days }} as persistence_days,
        {{ m.window_days }} as window_days,
        {{ retrain_gate.date_literal(decided[m.model_id]) if m.model_id in decided else 'cast(null as date)' }} as decided_through
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

-- the dates this run decides (after the last decided, and the as-of date again); how many drift
-- and outcome checks of the whole population there were and were judged, and outcome ones alone
decision_days as (
    select
        signals.model_id,
        signals.eval_date,
        sum({{ population_check }}) as n_population_checks,
        sum(case when signals.status = 'insufficient_data' then 0 else {{ population_check }} end) as n_judged,
        sum({{ outcome_check }}) as n_outcome_population_checks,
        sum(case when signals.status = 'insufficient_data' then 0 else {{ outcome_check }} end) as n_outcome_judged,
        -- one check's shortfall of each, the example a reason quotes
        min(case when signals.status = 'insufficient_data' and {{ population_check }} = 1 then {{ shortfall }} end)
            as insufficient_example,
        min(case when signals.status = 'insufficient_data' and {{ outcome_check }} = 1 then {{ shortfall }} end)
            as outcome_insufficient_example
    from {{ ref('retrain_gate_signals') }} as signals
    inner join settings on signals.model_id = settings.model_id
    where
        settings.decided_through is null
        or signals.eval_date > settings.decided_through
        or signals.eval_date = {{ retrain_gate.date_literal(cfg.as_of) }}
    group by signals.model_id, signals.eval_date
),

-- the verdict of a date on which nothing breaches: healthy only if some check could be judged;
-- its reason says when only the inputs could be (too few matured labels)
quiet as (
    select
        model_id,
        eval_date,
        case when n_judged = 0 then 'insufficient_data' else 'healthy' end as verdict,
        {{ retrain_gate.quiet_reason() }} as reason
    from decision_days
),

breaches as (
    select
        signals.*,
        settings.persistence_days,
        settings.window_days,
        {{ '(' ~ critical | join(' or ') ~ ')' if critical else 'false' }} as is_critical,
        {{ retrain_gate.days_between('signals.window_end', 'signals.eval_date') }}
            as window_lag_days,
        {{ retrain_gate.days_between('signals.window_start', 'signals.window_end') }}
            as window_span_days,
        coalesce(earlier.status in ('warn', 'breach'), false) as earlier_window_flagged
    from {{ ref('retrain_gate_signals') }} as signals
    inner join decision_days
        on signals.model_id = decision_days.model_id and signals.eval_date = decision_days.eval_date
    inner join settings on signals.model_id = settings.model_id
    -- the same signal on the disjoint window before: the independent evidence of persistence
    left join {{ ref('retrain_gate_signals') }} as earlier
        on
            signals.model_id = earlier.model_id
            and signals.family = earlier.family
            and signals.check_name = earlier.check_name
            and signals.subject = earlier.subject
            and signals.segment = earlier.segment
            and earlier.eval_date = {{ retrain_gate.add_days('signals.eval_date', '0 - settings.window_days') }}
    where signals.status = 'breach'
),

-- how many days in a row each feature's own day breached (daily_psi), for drift persistence
daily_streaks as (
    select
        model_id,
        eval_date,
        subject,
        consecutive_days as daily_streak
    from breaches
    where check_name = 'daily_psi' and segment = 'all'
),

categorised as (
    select
        breaches.*,
        coalesce(daily_streaks.daily_streak, 0) as daily_streak,
        -- the window of the breach's first day
        {{ retrain_gate.add_days('breaches.first_breach_date', '0 - breaches.window_lag_days - breaches.window_span_days') }}
            as first_window_start,
        {{ retrain_gate.add_days('breaches.first_breach_date', '0 - breaches.window_lag_days') }}
            as first_window_end,
        case
            {%- for category, check_names in categories.items() %}
            when
                breaches.check_name in (
                    {%- for check_name in check_names %}
                    '{{ check_name }}'{{ ',' if not loop.last }}
                    {%- endfor %}
                )
                {%- if category in scopes %}
                and {{ scopes[category] }}
                {%- endif %}
                then '{{ category }}'
            {%- endfor %}
        end as category
    from breaches
    left join daily_streaks
        on
            breaches.model_id = daily_streaks.model_id
            and breaches.eval_date = daily_streaks.eval_date
            and breaches.subject = daily_streaks.subject
            and breaches.family = 'drift'
),

-- the event a breach began in: one that overlapped the breach's window on its first day
attributed as (
    select
        categorised.*,
        events.kind as event_kind,
        events.description as event_description,
        events.start_date as event_start,
        events.end_date as event_end,
        row_number() over (
            partition by categorised.model_id, categorised.eval_date, categorised.check_name, categorised.subject, categorised.segment
            order by events.start_date, events.description
        ) as event_rank
    from categorised
    left join {{ ref('stg_retrain_gate__events') }} as events
        on
            categorised.category in ('damage', 'mix', 'trust', 'estimate', 'drift')
            and (events.model_id is null or categorised.model_id = events.model_id)
            and categorised.first_window_end >= events.start_date
            and categorised.first_window_start <= events.end_date
    where categorised.category is not null
),

judged as (
    select
        attributed.*,
        case
            when attributed.category = 'drift'
                then (
                    attributed.daily_streak >= attributed.persistence_days
                    or attributed.consecutive_days >= attributed.window_days + attributed.persistence_days - 1
                )
            else attributed.consecutive_days >= attributed.persistence_days and attributed.earlier_window_flagged
        end as is_persistent
    from attributed
    where attributed.event_rank = 1
),

-- a category is persistent when one of its breaches is: a band that joins a lasting outcome
-- degradation is part of it, not a new transient one
persistence as (
    select
        judged.*,
        max(case when judged.is_persistent then 1 else 0 end) over (
            partition by judged.model_id, judged.eval_date, judged.category
        ) = 1 as category_persistent,
        max(case when judged.category = 'mix' and judged.is_persistent then 1 else 0 end) over (
            partition by judged.model_id, judged.eval_date
        ) = 1 as mix_persistent
    from judged
),

-- the dates whose realized fall the scores' move explains (explained_by_score_mix at least warn:
-- the fall was predicted, and the realized AUC is within 3 se of the prediction). The burden of
-- proof is on a changed relationship: retrain needs the realized AUC beyond that.
explained as (
    select
        signals.model_id,
        signals.eval_date
    from {{ ref('retrain_gate_signals') }} as signals
    inner join decision_days
        on signals.model_id = decision_days.model_id and signals.eval_date = decision_days.eval_date
    where signals.check_name = 'explained_by_score_mix' and signals.status in ('warn', 'breach')
),

verdicts as (
    select
        persistence.*,
        explained.model_id is not null as score_mix_explains,
        case
            when persistence.category in ('fix_data', 'fix_labels') then persistence.category
            when persistence.event_kind is not null or not persistence.category_persistent then 'hold'
            when persistence.category = 'damage' and (persistence.mix_persistent or explained.model_id is not null)
                then 'investigate'
            when persistence.category = 'damage' then 'retrain'
            when persistence.category in ('trust', 'mix', 'estimate') then 'investigate'
            else 'no_retrain'
        end as verdict
    from persistence
    left join explained on persistence.model_id = explained.model_id and persistence.eval_date = explained.eval_date
),

-- the outcome estimated from the scores, where it holds: a no_retrain reason quotes it
estimates as (
    select
        signals.model_id,
        signals.eval_date,
        signals.detail as estimate_detail
    from {{ ref('retrain_gate_signals') }} as signals
    inner join decision_days
        on signals.model_id = decision_days.model_id and signals.eval_date = decision_days.eval_date
    where signals.check_name = 'estimated_discrimination' and signals.status in ('ok', 'warn')
),

ranked as (
    select
        verdicts.*,
        estimates.estimate_detail,
        case verdicts.verdict
            {%- for verdict in verdicts %}
            when '{{ verdict }}' then {{ loop.index }}
            {%- endfor %}
        end as verdict_rank,
        -- the first signal of the top verdict names the reason: realized evidence before an
        -- estimate, critical features first, then the whole population, the longest-running
        -- breach, then by name
        row_number() over (
            partition by verdicts.model_id, verdicts.eval_date
            order by
                case verdicts.verdict
                    {%- for verdict in verdicts %}
                    when '{{ verdict }}' then {{ loop.index }}
                    {%- endfor %}
                end,
                case when verdicts.category = 'estimate' then 1 else 0 end,
                case when verdicts.is_critical then 0 else 1 end,
                case when verdicts.segment = 'all' then 0 else 1 end,
                verdicts.first_breach_date,
                verdicts.check_name,
                verdicts.subject,
                verdicts.segment
        ) as reason_rank
    from verdicts
    left join estimates on verdicts.model_id = estimates.model_id and verdicts.eval_date = estimates.eval_date
),

evidence as (
    select
        model_id,
        eval_date,
        count(*) as n_breaches,
        {{ dbt.listagg(
            dbt.concat(['verdict', "': '", 'check_name', "' '", 'subject', "' ['", 'segment', "'] '",
                        "coalesce(" ~ retrain_gate.format_number('value', 4) ~ ", 'null')", "' since '",
                        'cast(first_breach_date as ' ~ text ~ ')']),
            "'; '", 'order by verdict_rank, check_name, subject, segment') }} as evidence
    from ranked
    group by model_id, eval_date
),

reasons as (
    select
        model_id,
        eval_date,
        verdict,
        first_breach_date,
        case
            when event_kind is not null then {{ dbt.concat(["'event.'", 'event_kind']) }}
            when verdict = 'hold' then {{ dbt.concat(["'transient.'", 'check_name']) }}
            else {{ dbt.concat(['category', "'.'", 'check_name']) }}
        end as reason_code,
        case
            when verdict = 'fix_data' then {{ dbt.concat([
                "'Fix the data upstream before any retrain: '", 'detail',
                "case when segment = 'all' then '' else ' in ' || segment end", "'.'"]) }}
            when verdict = 'fix_labels' then {{ dbt.concat([
                "'Fix the labels first, retraining would learn them: '", 'detail', "'.'"]) }}
            when event_kind is not null then {{ dbt.concat([
                "'Hold: '", 'check_name', "' on '", 'subject', "' began on '", 'cast(first_breach_date as ' ~ text ~ ')',
                "' during the '", 'event_kind', "' \"'", 'event_description', "'\" ('", 'cast(event_start as ' ~ text ~ ')',
                "'..'", 'cast(event_end as ' ~ text ~ ')', "'); exclude those days from training.'"]) }}
            when verdict = 'hold' then {{ dbt.concat([
                "'Hold: '", 'check_name', "' on '", 'subject', "' has breached since '", 'cast(first_breach_date as ' ~ text ~ ')',
                "' but is not persistent yet: that takes '", 'cast(persistence_days as ' ~ text ~ ')', "' days in a row'",
                "case when category = 'drift' then '' else ' and the same on the window ' || cast(window_days as " ~ text
                ~ ") || ' days earlier, which shares no day with this one' end",
                "'; wait to see whether it lasts ('", 'detail', "').'"]) }}
            when verdict = 'retrain' then {{ dbt.concat([
                "'Retrain: outcomes degraded persistently on healthy inputs and labels: '", 'detail', "'.'"]) }}
            when verdict = 'investigate' and category = 'damage' and score_mix_explains
                then {{ dbt.concat([
                "'Investigate: the AUC fell as the scores'' move predicted under the reference''s P(label | score): '",
                'detail', "'; the population moved into scores the model always ranked less well, so retraining on the same '",
                "'features is not the obvious fix (explained_by_score_mix).'"]) }}
            when verdict = 'investigate' and category = 'estimate' then {{ dbt.concat([
                "'Investigate: the outcome estimated from the scores fell before the labels matured: '", 'detail',
                "'; confirm when the labels arrive, do not retrain on an estimate.'"]) }}
            when verdict = 'investigate' and category = 'damage' then {{ dbt.concat([
                "'Investigate: outcomes moved mostly through the segment mix, not within segments: '", 'detail',
                "'; re-segment before retraining.'"]) }}
            when verdict = 'investigate' then {{ dbt.concat([
                "'Investigate: '", 'detail', "case when segment = 'all' then '' else ' in ' || segment end",
                "'; look at the segment before retraining.'"]) }}
            else {{ dbt.concat([
                "'No retrain: the inputs drifted ('", 'detail', "') but outcomes by band are stable'",
                "coalesce('; estimated from the scores, the outcome holds (' || estimate_detail || ')', '')", "'.'"]) }}
        end as reason
    from ranked
    where reason_rank = 1
)

select
    cast(quiet.model_id as {{ text }}) as model_id,
    cast(quiet.eval_date as date) as eval_date,
    cast(coalesce(reasons.verdict, quiet.verdict) as {{ text }}) as verdict,
    cast(coalesce(reasons.reason_code, quiet.verdict) as {{ text }}) as reason_code,
    cast(coalesce(reasons.reason, quiet.reason) as {{ text }}) as reason,
    cast(reasons.first_breach_date as date) as started_on,
    cast(coalesce(evidence.n_breaches, 0) as {{ dbt.type_int() }}) as n_breaches,
    cast(evidence.evidence as {{ text }}) as evidence,
    cast('{{ invocation_id }}' as {{ text }}) as invocation_id,
    {{ retrain_gate.run_timestamp() }} as evaluated_at
from quiet
left join reasons on quiet.model_id = reasons.model_id and quiet.eval_date = reasons.eval_date
left join evidence on quiet.model_id = evidence.model_id and quiet.eval_date = evidence.eval_date
