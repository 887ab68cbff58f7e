{#-
  identical_histogram's CTEs: whether each day's histogram (shares) and moments repeat the day
  before exactly, for the whole population, from 31 days before the first date recomputed
  (and the reference's days); each day's run of repeats, and per evaluation date its run, the
  reference's repeats and the samples, in the CTE identical_histogram.
-#}
{% macro check_identical_histogram_inputs() %}
  {%- set double = retrain_gate.type_double() -%}
repeat_range as (
    select
        model_id,
        reference_start,
        reference_end,
        {{ retrain_gate.add_days('first_eval_date', '-31 - reference_lag_days - rolling_days') }} as first_day
    from settings
),

day_totals as (
    select
        profiles.model_id,
        profiles.profile_date,
        profiles.feature,
        profiles.n_values,
        profiles.mean_value,
        profiles.variance
    from profiles
    inner join repeat_range on profiles.model_id = repeat_range.model_id
    where
        profiles.segment_name = '(all)'
        and profiles.n_values > 0
        and (
            profiles.profile_date >= repeat_range.first_day
            or profiles.profile_date between repeat_range.reference_start and repeat_range.reference_end
        )
),

day_bins as (
    select
        histogram.model_id,
        histogram.profile_date,
        histogram.feature,
        histogram.bin_index,
        histogram.n
    from {{ ref('int_retrain_gate__daily_feature_histogram') }} as histogram
    inner join day_totals
        on
            histogram.model_id = day_totals.model_id
            and histogram.profile_date = day_totals.profile_date
            and histogram.feature = day_totals.feature
    where histogram.segment_name = '(all)'
),

repeats as (
    {{ retrain_gate.repeats_previous_day('day_totals', 'day_bins') }}
),

repeat_runs as (
    select
        *,
        sum(1 - is_repeat) over (
            partition by model_id, feature order by profile_date rows between unbounded preceding and current row
        ) as run_group
    from repeats
),

repeat_streaks as (
    select
        model_id,
        profile_date,
        feature,
        n_values,
        is_repeat,
        sum(is_repeat) over (
            partition by model_id, feature, run_group order by profile_date rows between unbounded preceding and current row
        ) as days_repeated,
        sum(n_values) over (
            partition by model_id, feature, run_group order by profile_date rows between unbounded preceding and current row
        ) as run_values
    from repeat_runs
),

identical_histogram as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        eval_dates.reference_start,
        eval_dates.reference_end,
        {{ retrain_gate.add_days('eval_dates.eval_date',
            '0 - case when today.days_repeated = 0 then 1 else today.days_repeated end') }} as window_start,
        today.feature as subject,
        cast(today.days_repeated as {{ double }}) as value,
        cast(sum(reference.is_repeat) as {{ double }}) as baseline,
        today.run_values + case when today.days_repeated = 0 then coalesce(yesterday.n_values, 0) else 0 end as n_window,
        sum(reference.n_values) as n_reference
    from eval_dates
    inner join repeat_streaks as today
        on eval_dates.model_id = today.model_id and eval_dates.eval_date = today.profile_date
    left join repeat_streaks as yesterday
        on
            today.model_id = yesterday.model_id
            and today.feature = yesterday.feature
            and {{ retrain_gate.add_days('yesterday.profile_date', 1) }} = today.profile_date
    inner join repeat_streaks as reference
        on
            today.model_id = reference.model_id
            and today.feature = reference.feature
            and reference.profile_date between eval_dates.reference_start and eval_dates.reference_end
    group by
        eval_dates.model_id,
        eval_dates.eval_date,
        eval_dates.reference_start,
        eval_dates.reference_end,
        today.feature,
        today.days_repeated,
        today.run_values,
        yesterday.n_values
)
{%- endmacro %}
