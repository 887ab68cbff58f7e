{#-
  retrain_gate_signals: every check of every monitored model on every evaluation date, with the
  status its thresholds give and how long a breach has lasted. One row per model_id x
  eval_date x family x check_name x subject x segment.

  Rebuilt from the (incremental) family tables on each run, so statuses and streaks always
  follow the current thresholds; its cost is proportional to the number of signals, not to
  the raw rows.
-#}
{{ config(materialized='table', post_hook="{{ retrain_gate.refresh_planner_statistics() }}") }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set string_type = dbt.type_string() -%}
{%- set double_type = retrain_gate.type_double() -%}
{%- set threshold_rows = [] -%}
{%- for m in cfg.models -%}
{%- for subject, checks in [('*', m.thresholds)] + m.feature_thresholds.items() | list -%}
{%- for check_name, bounds in checks.items() -%}
{%- do threshold_rows.append({'m': m, 'subject': subject, 'check_name': check_name, 'bounds': bounds}) -%}
{%- endfor -%}
{%- endfor -%}
{%- endfor -%}
{%- set segment_label = dbt.concat(['segment_name', "'='", 'segment_value']) -%}
{%- set too_few_window = dbt.concat([
    "'window has '", 'cast(drift.n_window as ' ~ string_type ~ ')',
    "' values, fewer than min_window_rows '", 'cast(model_wide.min_window_rows as ' ~ string_type ~ ')']) -%}
{%- set too_few_reference = dbt.concat([
    "'reference has '", 'cast(drift.n_reference as ' ~ string_type ~ ')',
    "' values, fewer than min_reference_rows '", 'cast(model_wide.min_reference_rows as ' ~ string_type ~ ')']) %}
-- the thresholds of every check: '*' is the model's, a feature name that feature's own
with thresholds as (
    {%- for row in threshold_rows %}
    select
        cast('{{ row.m.model_id }}' as {{ string_type }}) as model_id,
        cast('{{ row.check_name }}' as {{ string_type }}) as check_name,
        cast('{{ row.subject }}' as {{ string_type }}) as subject,
        cast({{ row.bounds.warn }} as {{ double_type }}) as warn_threshold,
        cast({{ row.bounds.breach }} as {{ double_type }}) as breach_threshold,
        {{ row.m.min_window_rows }} as min_window_rows,
        {{ row.m.min_reference_rows }} as min_reference_rows
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

drift as (
    select
        model_id,
        eval_date,
        cast('drift' as {{ string_type }}) as family,
        statistic as check_name,
        feature as subject,
        cast('feature' as {{ string_type }}) as subject_type,
        case when segment_name = '(all)' then 'all' else {{ segment_label }} end as segment,
        value,
        cast(null as {{ double_type }}) as baseline,
        n_window,
        n_reference,
        window_start,
        window_end,
        reference_start,
        reference_end
    from {{ ref('int_retrain_gate__feature_drift') }}
),

thresholded as (
    select
        drift.*,
        coalesce(own.warn_threshold, model_wide.warn_threshold) as warn_threshold,
        coalesce(own.breach_threshold, model_wide.breach_threshold) as breach_threshold,
        case
            when drift.value is null then 'no values in the window or the reference'
            when drift.n_window < model_wide.min_window_rows then {{ too_few_window }}
            when drift.n_reference < model_wide.min_reference_rows then {{ too_few_reference }}
        end as detail
    from drift
    -- also keeps only the models still configured
    inner join thresholds as model_wide
        on
            drift.model_id = model_wide.model_id
            and drift.check_name = model_wide.check_name
            and model_wide.subject = '*'
    left join thresholds as own
        on drift.model_id = own.model_id and drift.check_name = own.check_name and drift.subject = own.subject
),

-- never ok or breach on too little data: detail says why there is too little
judged as (
    select
        *,
        case
            when detail is not null then 'insufficient_data'
            when value >= breach_threshold then 'breach'
            when value >= warn_threshold then 'warn'
            else 'ok'
        end as status
    from thresholded
),

-- streaks: a run of consecutive breaching evaluation dates (they are daily and contiguous)
streaks as (
    select
        *,
        sum(case when status = 'breach' then 0 else 1 end) over (
            partition by model_id, family, check_name, subject, segment order by eval_date
            rows between unbounded preceding and current row
        ) as streak_group
    from judged
)

select
    cast(model_id as {{ string_type }}) as model_id,
    cast(eval_date as date) as eval_date,
    cast(family as {{ string_type }}) as family,
    cast(check_name as {{ string_type }}) as check_name,
    cast(subject as {{ string_type }}) as subject,
    cast(subject_type as {{ string_type }}) as subject_type,
    cast(segment as {{ string_type }}) as segment,
    cast(value as {{ double_type }}) as value,
    cast(baseline as {{ double_type }}) as baseline,
    cast(case
        when status = 'breach' then breach_threshold
        when status in ('warn', 'ok') then warn_threshold
    end as {{ double_type }}) as threshold,
    cast(warn_threshold as {{ double_type }}) as warn_threshold,
    cast(breach_threshold as {{ double_type }}) as breach_threshold,
    cast(status as {{ string_type }}) as status,
    cast(case when status = 'breach' then min(case when status = 'breach' then eval_date end) over (
        partition by model_id, family, check_name, subject, segment, streak_group
    ) end as date) as first_breach_date,
    cast(case when status = 'breach' then sum(case when status = 'breach' then 1 else 0 end) over (
        partition by model_id, family, check_name, subject, segment, streak_group
        order by eval_date rows between unbounded preceding and current row
    ) else 0 end as {{ dbt.type_int() }}) as consecutive_days,
    cast(n_window as {{ dbt.type_bigint() }}) as n_window,
    cast(n_reference as {{ dbt.type_bigint() }}) as n_reference,
    cast(window_start as date) as window_start,
    cast(window_end as date) as window_end,
    cast(reference_start as date) as reference_start,
    cast(reference_end as date) as reference_end,
    cast(detail as {{ string_type }}) as detail,
    {{ retrain_gate.run_timestamp() }} as computed_at
from streaks
