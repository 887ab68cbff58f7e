{#-
  Estimated checks: what the outcomes should be, from the scores alone, under the assumption
  that P(label | score) is the reference's (docs/estimated.md). Per labelled model x evaluation
  date, on the outcome frames (outcome_calendar_sql):

    the calibration map   the reference's observed rate per score bin (the score's reference
                          histogram bins), made monotone and with its variance (calibration_map)
    recent                the evaluation date's own window_days of scores (from the daily
                          histograms: labels not needed, matured or not) against the reference's
                          scores, both through the map (estimate_comparison)
    matured               the labelled scores of the outcome window against the reference's,
                          through the map, beside the AUC the labels realized (discrimination's,
                          read from int_retrain_gate__outcome_checks)

  The checks are the registry's of the family estimated (macro check_names); each is the macro
  check_<name> in macros/checks/estimated/<name>.sql, whose header gives its formula.
  Incremental (estimated_checks_plan): new evaluation dates, those whose window holds a day
  the histograms rewrote, and those whose frames hold a rewritten outcome profile day.
-#}
-- depends_on: {{ ref('int_retrain_gate__daily_feature_histogram') }}
-- depends_on: {{ ref('int_retrain_gate__daily_outcome_profile') }}
-- depends_on: {{ ref('retrain_gate_band_outcomes') }}
-- depends_on: {{ ref('int_retrain_gate__outcome_checks') }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_cuts') }}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(**retrain_gate.incremental_table(
    ['model_id', 'eval_date'], 'int_retrain_gate__estimated_checks', hooks=[retrain_gate.prefer_hash_joins()])) }}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__estimated_checks') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__estimated_checks') -%}
{%- set spans = retrain_gate.eval_calendar(plan) | selectattr('m.model_id', 'in', fingerprints.keys() | list) | list -%}
{%- set catalog = retrain_gate.reference_bin_catalog() -%}
{%- if spans | length == 0 %}
{{ retrain_gate.empty_relation(retrain_gate.check_row_columns()) }}
{%- else %}
{%- set extra = {} %}
{%- for span in spans %}
{%- do extra.update({span.m.model_id: [(span.m.maturity_days, 'maturity_days'), (span.m.max_unmapped_share, 'max_unmapped_share'),
                                       (catalog[span.m.model_id][span.m.score].cut_count + 1, 'last_score_bin')]}) %}
{%- endfor %}
with {{ retrain_gate.evaluation_frames(spans, fingerprints, 'outcome', extra) }},

score_bins as (
    {{ retrain_gate.whole_numbers(extra.values() | map('last') | map('first') | max + 1) }}
),

-- the whole population's outcome profile per score bin
outcome_profile as (
    select
        profiles.model_id,
        profiles.profile_date,
        profiles.score_bin,
        sum(profiles.n_scored) as n_scored,
        sum(profiles.n_labelled) as n_labelled,
        sum(profiles.n_positive) as n_positive,
        sum(profiles.sum_score) as sum_score
    from {{ ref('int_retrain_gate__daily_outcome_profile') }} as profiles
    inner join settings on profiles.model_id = settings.model_id
    where profiles.segment_name = '(all)'
    group by profiles.model_id, profiles.profile_date, profiles.score_bin
),

reference_profile as (
    {{ retrain_gate.reference_sums('outcome_profile', ['score_bin'], ['n_scored', 'n_labelled', 'n_positive', 'sum_score']) }}
),

-- every score bin of every reference, labelled or not, so the map covers each bin a window fills
reference_bins as (
    select
        frames.model_id,
        frames.reference_start,
        frames.reference_end,
        score_bins.n as score_bin,
        reference_profile.sum_score,
        coalesce(reference_profile.n_scored, 0) as n_scored,
        coalesce(reference_profile.n_labelled, 0) as n_labelled,
        coalesce(reference_profile.n_positive, 0) as n_positive
    from (
        select distinct
            model_id,
            reference_start,
            reference_end
        from eval_dates
    ) as frames
    inner join settings on frames.model_id = settings.model_id
    inner join score_bins on settings.last_score_bin >= score_bins.n
    left join reference_profile
        on
            frames.model_id = reference_profile.model_id
            and frames.reference_start = reference_profile.reference_start
            and frames.reference_end = reference_profile.reference_end
            and score_bins.n = reference_profile.score_bin
),

{{ retrain_gate.calibration_map('calibration', 'reference_bins', ['model_id', 'reference_start', 'reference_end']) }},

-- the evaluation date's own window of scores (the score's daily histogram, labels or not)
recent_histogram as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        histogram.bin_index as score_bin,
        sum(histogram.n) as n
    from eval_dates
    inner join settings on eval_dates.model_id = settings.model_id
    inner join {{ ref('int_retrain_gate__daily_feature_histogram') }} as histogram
        on
            eval_dates.model_id = histogram.model_id
            and histogram.segment_name = '(all)'
            and histogram.feature = case eval_dates.model_id
                {%- for span in spans %}
                when '{{ span.m.model_id }}' then '{{ span.m.score }}'
                {%- endfor %}
            end
            and histogram.profile_date
            between {{ retrain_gate.add_days('eval_dates.eval_date', '1 - settings.window_days') }} and eval_dates.eval_date
    group by eval_dates.model_id, eval_dates.eval_date, histogram.bin_index
),

-- the outcome window's labelled scores
matured_histogram as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        outcome_profile.score_bin,
        sum(outcome_profile.n_labelled) as n
    from eval_dates
    inner join outcome_profile
        on
            eval_dates.model_id = outcome_profile.model_id
            and outcome_profile.profile_date between eval_dates.window_start and eval_dates.window_end
    group by eval_dates.model_id, eval_dates.eval_date, outcome_profile.score_bin
),

-- the AUC the outcome window's labels realized: discrimination's, computed once
realized_auc as (
    select
        outcomes.model_id,
        outcomes.eval_date,
        outcomes.value as auc
    from {{ ref('int_retrain_gate__outcome_checks') }} as outcomes
    inner join eval_dates on outcomes.model_id = eval_dates.model_id and outcomes.eval_date = eval_dates.eval_date
    where outcomes.check_name = 'discrimination'
),

{{ retrain_gate.estimate_comparison('recent', 'recent_histogram', 'n_scored') }},

{{ retrain_gate.estimate_comparison('matured', 'matured_histogram', 'n_labelled') }},

{{ retrain_gate.check_inputs('estimated') }}
checks as (
    {{ retrain_gate.check_union('estimated') }}
)

{{ retrain_gate.check_rows() }}
{%- endif %}
