{#- unseen_categories' CTE unseen: the pooled days' values, and those in the "unseen" bin, of each categorical feature. -#}
{% macro check_unseen_categories_inputs() %}
unseen as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        pools.window_start,
        eval_dates.reference_start,
        eval_dates.reference_end,
        pools.segment_name,
        pools.segment_value,
        pools.feature,
        sum(histogram.n) as n_values,
        sum(case when bins.bin_label = '__unseen__' then histogram.n else 0 end) as n_unseen
    from eval_dates
    inner join pools
        on eval_dates.model_id = pools.model_id and eval_dates.eval_date = pools.eval_date
    inner join {{ ref('int_retrain_gate__daily_feature_histogram') }} as histogram
        on
            pools.model_id = histogram.model_id
            and pools.profile_date = histogram.profile_date
            and pools.segment_name = histogram.segment_name
            and pools.segment_value = histogram.segment_value
            and pools.feature = histogram.feature
    inner join {{ ref('int_retrain_gate__reference_bins') }} as bins
        on
            histogram.model_id = bins.model_id
            and histogram.feature = bins.feature
            and histogram.bin_index = bins.bin_index
    where
        bins.feature_kind = 'categorical'
        -- no pool starts before its window: without the bound a planner may join every day of
        -- the histogram to the evaluation dates before the pools' days narrow it
        and histogram.profile_date >= (select min(eval_window.window_start) from eval_dates as eval_window)
    group by
        eval_dates.model_id,
        eval_dates.eval_date,
        pools.window_start,
        eval_dates.reference_start,
        eval_dates.reference_end,
        pools.segment_name,
        pools.segment_value,
        pools.feature
)
{%- endmacro %}
