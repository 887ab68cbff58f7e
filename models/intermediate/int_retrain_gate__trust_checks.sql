{#-
  Trust checks: whether the people using the model still trust it, and whether its population
  changed its make-up, per model x evaluation date, the window (the window_days ending on the
  evaluation date, not lagged: overrides are known at once) against the reference, from the
  daily trust profiles. Statuses come from the thresholds in retrain_gate_signals.

    override_rate   per segment ('all' and each segment value): value the window's overrides
                    / decisions, baseline the reference's; z_score the two-proportion z of
                    the rise
    segment_mix     per segment column: value the PSI of the segment values' shares of
                    predictions, window against reference (psi_term, psi_epsilon floor); the
                    evidence names the value whose share moved most

  Incremental: an evaluation date is recomputed when it is new or a trust profile day it
  covers was rewritten since the last run.
-#}
-- depends_on: {{ ref('int_retrain_gate__daily_trust_profile') }}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'eval_date'], 'trust_check_plan')) }}
{%- set fingerprints = retrain_gate.trust_check_fingerprints() -%}
{%- set plan = retrain_gate.trust_check_plan() -%}
{%- set spans = retrain_gate.eval_calendar(plan) | selectattr('m.model_id', 'in', fingerprints.keys() | list) | list -%}
{%- set text = dbt.type_string() -%}
{%- set double = retrain_gate.type_double() -%}
{%- set pct = retrain_gate.format_percent -%}
{%- if spans | length == 0 %}
{{ retrain_gate.empty_relation(retrain_gate.check_row_columns()) }}
{%- else %}
{%- set extra = {} %}
{%- for span in spans %}
{%- do extra.update({span.m.model_id: [('1' if span.m.overrides else '0', 'has_overrides'),
                                       ('cast(' ~ span.m.psi_epsilon ~ ' as ' ~ double ~ ')', 'psi_epsilon')]}) %}
{%- endfor %}
with {{ retrain_gate.evaluation_frames(spans, fingerprints, extra=extra) }},

profiles as (
    select profiles.*
    from {{ ref('int_retrain_gate__daily_trust_profile') }} as profiles
    inner join settings on profiles.model_id = settings.model_id
),

reference_sums as (
    select
        model_id,
        reference_start,
        reference_end,
        segment_name,
        segment_value,
        sum(n_scored) as n_scored,
        sum(n_overridden) as n_overridden
    from ({{ retrain_gate.reference_rows('profiles', ['segment_name', 'segment_value', 'n_scored', 'n_overridden']) }}) as reference_rows
    group by model_id, reference_start, reference_end, segment_name, segment_value
),

-- window and reference counts per evaluation date and segment value
sides as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        profiles.segment_name,
        profiles.segment_value,
        profiles.n_scored as w_scored,
        profiles.n_overridden as w_overridden,
        0 as r_scored,
        0 as r_overridden
    from eval_dates
    inner join profiles
        on
            eval_dates.model_id = profiles.model_id
            and profiles.profile_date between eval_dates.window_start and eval_dates.eval_date

    union all

    select
        eval_dates.model_id,
        eval_dates.eval_date,
        reference_sums.segment_name,
        reference_sums.segment_value,
        0 as w_scored,
        0 as w_overridden,
        reference_sums.n_scored as r_scored,
        reference_sums.n_overridden as r_overridden
    from eval_dates
    inner join reference_sums
        on
            eval_dates.model_id = reference_sums.model_id
            and eval_dates.reference_start = reference_sums.reference_start
            and eval_dates.reference_end = reference_sums.reference_end
),

counts as (
    select
        model_id,
        eval_date,
        segment_name,
        segment_value,
        sum(w_scored) as w_scored,
        sum(w_overridden) as w_overridden,
        sum(r_scored) as r_scored,
        sum(r_overridden) as r_overridden
    from sides
    group by model_id, eval_date, segment_name, segment_value
),

segment_shares as (
    select
        counts.*,
        cast(counts.w_scored as {{ double }})
        / nullif(sum(counts.w_scored) over (partition by counts.model_id, counts.eval_date, counts.segment_name), 0) as p,
        cast(counts.r_scored as {{ double }})
        / nullif(sum(counts.r_scored) over (partition by counts.model_id, counts.eval_date, counts.segment_name), 0) as q
    from counts
    where counts.segment_name <> '(all)'
),

segment_mix as (
    select
        ranked.model_id,
        ranked.eval_date,
        ranked.segment_name,
        sum({{ retrain_gate.psi_term('ranked.p', 'ranked.q', 'settings.psi_epsilon') }}) as psi,
        sum(ranked.w_scored) as n_window,
        sum(ranked.r_scored) as n_reference,
        -- the segment value whose share moved most (ties: the first by name)
        min(case when ranked.mover_rank = 1 then {{ dbt.concat([
            'ranked.segment_value', "' '", pct('coalesce(ranked.q, 0)'), "' -> '", pct('coalesce(ranked.p, 0)')]) }} end) as top_mover
    from (
        select
            segment_shares.*,
            row_number() over (
                partition by segment_shares.model_id, segment_shares.eval_date, segment_shares.segment_name
                order by abs(coalesce(segment_shares.p, 0) - coalesce(segment_shares.q, 0)) desc, segment_shares.segment_value
            ) as mover_rank
        from segment_shares
    ) as ranked
    inner join settings on ranked.model_id = settings.model_id
    group by ranked.model_id, ranked.eval_date, ranked.segment_name
),

trust_checks as (
    select
        counts.model_id, counts.eval_date, 'override_rate' as check_name, 'overrides' as subject, 'model' as subject_type,
        counts.segment_name, counts.segment_value,
        cast(counts.w_overridden as {{ double }}) / nullif(counts.w_scored, 0) as value,
        cast(counts.r_overridden as {{ double }}) / nullif(counts.r_scored, 0) as baseline,
        {{ retrain_gate.two_proportion_z('counts.w_overridden', 'counts.w_scored', 'counts.r_overridden', 'counts.r_scored') }} as z_score,
        counts.w_scored as n_window, counts.r_scored as n_reference,
        case when counts.w_scored = 0 then 'no decisions in the window' end as unusable_reason,
        {{ dbt.concat([pct('cast(counts.w_overridden as ' ~ double ~ ') / nullif(counts.w_scored, 0)'), "' of decisions overridden vs '",
                       pct('cast(counts.r_overridden as ' ~ double ~ ') / nullif(counts.r_scored, 0)'), "' in the reference'"]) }} as evidence
    from counts
    inner join settings on counts.model_id = settings.model_id
    where settings.has_overrides = 1

    union all

    select
        model_id,
        eval_date,
        'segment_mix' as check_name,
        segment_name as subject,
        'segment' as subject_type,
        '(all)' as segment_name,
        '(all)' as segment_value,
        -- an empty window has no shares: its PSI against the reference's would be epsilon's
        case when n_window > 0 then psi end as value,
        cast(null as {{ double }}) as baseline,
        cast(null as {{ double }}) as z_score,
        n_window,
        n_reference,
        case when n_window = 0 then 'no predictions in the window' end as unusable_reason,
        {{ dbt.concat(["'PSI '", retrain_gate.format_number('psi', 4),
                       "' over the shares of its values; most moved: '", 'top_mover']) }} as evidence
    from segment_mix
),

checks as (
    select
        trust_checks.*,
        eval_dates.window_start,
        eval_dates.eval_date as window_end,
        eval_dates.reference_start,
        eval_dates.reference_end
    from trust_checks
    inner join eval_dates on trust_checks.model_id = eval_dates.model_id and trust_checks.eval_date = eval_dates.eval_date
)

{{ retrain_gate.check_rows() }}
{%- endif %}
