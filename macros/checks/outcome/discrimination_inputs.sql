{#-
  discrimination's CTEs: the class counts per score bin of the window and of the reference
  (from the daily outcome profiles of the whole population), their binned AUCs and DeLong
  variances (auc_from_bins), side by side per evaluation date in the CTE discrimination.
-#}
{% macro check_discrimination_inputs() %}
-- class counts per score bin: the window's and the reference's
profiles as (
    select
        profiles.model_id,
        profiles.profile_date,
        profiles.score_bin,
        sum(profiles.n_positive) as n_pos,
        sum(profiles.n_labelled - profiles.n_positive) as n_neg
    from {{ ref('int_retrain_gate__daily_outcome_profile') }} as profiles
    inner join settings on profiles.model_id = settings.model_id
    -- an AUC needs 0/1 labels: regression models have error_growth instead
    where profiles.segment_name = '(all)' and settings.is_regression = 0
    group by profiles.model_id, profiles.profile_date, profiles.score_bin
),

window_bins as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        profiles.score_bin,
        sum(profiles.n_pos) as n_pos,
        sum(profiles.n_neg) as n_neg
    from eval_dates
    inner join profiles
        on
            eval_dates.model_id = profiles.model_id
            and profiles.profile_date between eval_dates.window_start and eval_dates.window_end
    group by eval_dates.model_id, eval_dates.eval_date, profiles.score_bin
),

reference_bins as (
    {{ retrain_gate.reference_sums('profiles', ['score_bin'], ['n_pos', 'n_neg']) }}
),

window_auc as (
    {{ retrain_gate.auc_from_bins('window_bins', ['model_id', 'eval_date']) }}
),

reference_auc as (
    {{ retrain_gate.auc_from_bins('reference_bins', ['model_id', 'reference_start', 'reference_end']) }}
),

discrimination as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        eval_dates.window_start,
        eval_dates.window_end,
        eval_dates.reference_start,
        eval_dates.reference_end,
        eval_dates.immature_reason,
        window_auc.auc as value,
        reference_auc.auc as baseline,
        window_auc.auc_error_bound,
        sqrt(window_auc.auc_variance) as window_se,
        sqrt(reference_auc.auc_variance) as reference_se,
        -- the window and the reference are disjoint samples: their variances add
        sqrt(window_auc.auc_variance + reference_auc.auc_variance) as sigma,
        coalesce(window_auc.n_pos + window_auc.n_neg, 0) as n_window,
        coalesce(reference_auc.n_pos + reference_auc.n_neg, 0) as n_reference
    from frames as eval_dates
    inner join settings on eval_dates.model_id = settings.model_id
    left join window_auc on eval_dates.model_id = window_auc.model_id and eval_dates.eval_date = window_auc.eval_date
    left join reference_auc
        on
            eval_dates.model_id = reference_auc.model_id
            and eval_dates.reference_start = reference_auc.reference_start
            and eval_dates.reference_end = reference_auc.reference_end
    where settings.has_labels = 1 and settings.is_regression = 0
)
{%- endmacro %}
