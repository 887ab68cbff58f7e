{#-
  source_freshness' CTEs: the days with rows of the whole population, with the newest update
  of each feature (data_days), and per evaluation date the newest day with rows (subject null:
  the model) and the newest update of each feature on or before it (freshness).
-#}
{% macro check_source_freshness_inputs() %}
data_days as (
    select
        model_id,
        profile_date,
        feature,
        max(max_updated_at) as newest_update
    from profiles
    where segment_name = '(all)' and n_rows > 0
    group by model_id, profile_date, feature
),

freshness as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        eval_dates.reference_start,
        eval_dates.reference_end,
        cast(null as {{ dbt.type_string() }}) as subject,
        max(data_days.profile_date) as newest_day
    from eval_dates
    inner join data_days
        on eval_dates.model_id = data_days.model_id and eval_dates.eval_date >= data_days.profile_date
    group by eval_dates.model_id, eval_dates.eval_date, eval_dates.reference_start, eval_dates.reference_end

    union all

    select
        eval_dates.model_id,
        eval_dates.eval_date,
        eval_dates.reference_start,
        eval_dates.reference_end,
        data_days.feature as subject,
        cast(max(data_days.newest_update) as date) as newest_day
    from eval_dates
    inner join data_days
        on
            eval_dates.model_id = data_days.model_id
            and eval_dates.eval_date >= data_days.profile_date
            and data_days.newest_update < {{ retrain_gate.add_days('eval_dates.eval_date', 1) }}
    group by eval_dates.model_id, eval_dates.eval_date, eval_dates.reference_start, eval_dates.reference_end, data_days.feature
)
{%- endmacro %}
