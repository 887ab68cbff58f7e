{#-
  Integrity checks: whether a feature or the source itself broke, judged on each evaluation date
  (a break is sudden) against the reference. Each judges the evaluation day, or, where the day
  holds fewer than min_day_rows rows (compared observations for stale_entities), the fewest
  trailing days ending on it that hold them, up to window_days (macro pooled_days): a model of
  150 predictions a day is judged on 2-day pools, a high-volume one on its day alone. The pool
  is window_start .. window_end (= eval_date), named in the evidence when longer than a day.
  Per model x evaluation date x segment x subject x check: value, baseline, z_score, sample
  sizes and the evidence a person reads. Statuses come from the thresholds in
  retrain_gate_signals.

  The checks are the registry's of the family integrity (macro check_names); each is the
  macro check_<name> in macros/checks/integrity/<name>.sql, whose header gives its formula,
  and a check that reads CTEs of its own brings them in check_<name>_inputs.

  Incremental like int_retrain_gate__feature_drift: an evaluation date is recomputed when it is
  new or a profile day it covers was rewritten since the last run (every date from the first
  rewritten day on, so every pool that holds it).
-#}
-- depends_on: {{ ref('int_retrain_gate__daily_feature_profile') }}
-- depends_on: {{ ref('int_retrain_gate__daily_feature_histogram') }}
-- depends_on: {{ ref('int_retrain_gate__daily_entity_staleness') }}
-- depends_on: {{ ref('int_retrain_gate__reference_entities') }}
-- depends_on: {{ ref('int_retrain_gate__daily_new_categories') }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(**retrain_gate.incremental_table(
    ['model_id', 'eval_date'], 'int_retrain_gate__integrity_checks', hooks=[retrain_gate.prefer_hash_joins()])) }}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__integrity_checks') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__integrity_checks') -%}
{%- set spans = retrain_gate.eval_calendar(plan) -%}
{%- set minimums = {} -%}
{%- for span in spans -%}{%- do minimums.update({span.m.model_id: [(span.m.min_day_rows, 'min_day_rows')]}) -%}{%- endfor -%}
{%- set pool_keys = ['segment_name', 'segment_value', 'feature'] -%}
{%- if spans | length == 0 %}
{{ retrain_gate.empty_relation(retrain_gate.check_row_columns()) }}
{%- else %}
with {{ retrain_gate.evaluation_frames(spans, fingerprints, extra=minimums) }},

profiles as (
    select profiles.*
    from {{ ref('int_retrain_gate__daily_feature_profile') }} as profiles
    inner join settings on profiles.model_id = settings.model_id
),

reference_profiles as (
    {{ retrain_gate.combine_moments(
        '(' ~ retrain_gate.reference_rows('profiles',
            ['segment_name', 'segment_value', 'feature', 'n_rows', 'n_values', 'min_value', 'max_value', 'mean_value', 'm2', 'm3', 'm4'])
        ~ ')',
        ['model_id', 'reference_start', 'reference_end', 'segment_name', 'segment_value', 'feature']) }}
),

-- the days each evaluation date pools (pooled_days), decided by the day's rows; the pools'
-- rows, nulls and moments
pools as (
    {{ retrain_gate.pooled_days('profiles', pool_keys, 'n_rows') }}
),

pooled_profile_days as (
    select
        pools.model_id,
        pools.eval_date,
        pools.window_start,
        pools.segment_name,
        pools.segment_value,
        pools.feature,
        profiles.n_rows,
        profiles.n_values,
        profiles.min_value,
        profiles.max_value,
        profiles.mean_value,
        profiles.m2,
        profiles.m3,
        profiles.m4
    {{ retrain_gate.pooled_rows('pools', 'profiles', pool_keys) }}
),

pooled_profiles as (
    {{ retrain_gate.combine_moments('pooled_profile_days',
        ['model_id', 'eval_date', 'window_start', 'segment_name', 'segment_value', 'feature']) }}
),

-- the evaluation date's pooled days against its reference, per segment and feature
pools_vs_reference as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        today.window_start,
        eval_dates.reference_start,
        eval_dates.reference_end,
        today.segment_name,
        today.segment_value,
        today.feature,
        today.n_rows,
        today.n_values,
        today.mean_value,
        today.min_value,
        today.max_value,
        reference.n_rows as reference_rows,
        reference.n_values as reference_values,
        reference.mean_value as reference_mean,
        today.n_rows - today.n_values as n_nulls,
        reference.n_rows - reference.n_values as reference_nulls,
        sqrt(today.m2 / nullif(today.n_values - 1, 0)) as std_value,
        sqrt(reference.m2 / nullif(reference.n_values - 1, 0)) as reference_std,
        reference.n_values * reference.m4 / nullif(reference.m2 * reference.m2, 0) as reference_kurtosis
    {{ retrain_gate.pooled_days_beside_reference('pooled_profiles', 'reference_profiles') }}
),

-- the pooled days' spread against the reference's, for scale_shift and frozen_values, and why it cannot be judged
spreads as (
    select
        *,
        std_value / nullif(reference_std, 0) as scale_factor,
        mean_value / nullif(reference_mean, 0) as location_factor,
        {{ retrain_gate.sd_ratio_z('std_value', 'n_values', 'reference_std', 'reference_values', 'reference_kurtosis') }} as scale_z,
        case
            when reference_std is null or reference_std = 0 then 'the reference does not vary'
            when std_value is null then 'fewer than two values on the day'
        end as unusable_spread
    from pools_vs_reference
    where reference_mean is not null
),

{{ retrain_gate.check_inputs('integrity') }}
day_checks as (
    {{ retrain_gate.check_union('integrity') }}
),

-- every check's window ends on the evaluation date; a pooled one says so in its evidence
checks as (
    select
        model_id, eval_date, check_name, subject, subject_type, segment_name, segment_value, value, baseline,
        z_score, n_window, n_reference, window_start, eval_date as window_end, reference_start, reference_end,
        unusable_reason,
        case
            when check_name in ('identical_histogram', 'source_freshness') then evidence
            else {{ dbt.concat(['evidence', retrain_gate.pooled_span_label('window_start', 'eval_date')]) }}
        end as evidence
    from day_checks
)

{{ retrain_gate.check_rows() }}
{%- endif %}
