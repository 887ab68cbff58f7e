{#-
  retrain_gate_signals: every check of every monitored model on every evaluation date, with the
  status its thresholds give, how long a breach has lasted, and a sentence a person can act on.
  One row per model_id x eval_date x family x check_name x subject x segment.

  Rebuilt from the (incremental) family tables on each run, so statuses and streaks always
  follow the current thresholds; its cost is proportional to the number of signals, not to
  the raw rows. Each check's status follows its rule (macro retrain_gate_checks).
-#}
{{ config(materialized='table', post_hook="{{ retrain_gate.refresh_planner_statistics() }}") }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set checks = retrain_gate.retrain_gate_checks() -%}
{%- set text = dbt.type_string() -%}
{%- set double = retrain_gate.type_double() -%}
{%- set threshold_rows = [] -%}
{%- for m in cfg.models -%}
{%- for subject, bounds_by_check in [('*', m.thresholds)] + m.feature_thresholds.items() | list -%}
{%- for check_name, bounds in bounds_by_check.items() -%}
{%- do threshold_rows.append({'m': m, 'subject': subject, 'check_name': check_name, 'bounds': bounds}) -%}
{%- endfor -%}
{%- endfor -%}
{%- endfor -%}
{%- set sample_labels = {'window': 'values in the window', 'day': 'values in the pooled days', 'labels': 'matured labels in the window',
                         'band': 'matured labels in the band', 'none': ''} -%}
{%- set segment_label = dbt.concat(['segment_name', "'='", 'segment_value']) -%}
{#- "too few values in the window: 1 (minimum 50)": the count after a colon reads for any n -#}
{%- set too_few_window = dbt.concat([
    "'too few '", 'model_wide.sample_label', "': '", 'cast(signals.n_window as ' ~ text ~ ')',
    "' (minimum '", 'cast(model_wide.min_values as ' ~ text ~ ')', "')'"]) -%}
{%- set too_few_reference = dbt.concat([
    "'too few values in the reference: '", 'cast(signals.n_reference as ' ~ text ~ ')',
    "' (minimum '", 'cast(model_wide.min_reference_rows as ' ~ text ~ ')', "')'"]) %}
-- the thresholds of every check: '*' is the model's, a feature name that feature's own
with thresholds as (
    {%- for row in threshold_rows %}
    {%- set minimums = {'window': row.m.min_window_rows, 'day': row.m.min_day_rows, 'labels': row.m.min_labelled_rows,
                        'band': row.m.min_band_labels, 'none': 0} %}
    {%- set sample = checks[row.check_name].sample %}
    select
        cast('{{ row.m.model_id }}' as {{ text }}) as model_id,
        cast('{{ row.check_name }}' as {{ text }}) as check_name,
        cast('{{ row.subject }}' as {{ text }}) as subject,
        cast({{ row.bounds.warn }} as {{ double }}) as warn_threshold,
        cast({{ row.bounds.breach }} as {{ double }}) as breach_threshold,
        cast({{ row.bounds.get('min_z', 'null') }} as {{ double }}) as min_z,
        cast({{ row.bounds.get('min_effect', 'null') }} as {{ double }}) as min_effect,
        {{ minimums[sample] }} as min_values,
        cast('{{ sample_labels[sample] }}' as {{ text }}) as sample_label,
        {{ {'none': 0, 'band': row.m.min_band_labels}.get(sample, row.m.min_reference_rows) }} as min_reference_rows
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

signals as (
    select
        model_id,
        eval_date,
        cast('drift' as {{ text }}) as family,
        -- the day's own psi (of its pooled days, at low volume) is daily_psi: the day-by-day
        -- trace that persistence follows
        case when span = 'day' then 'daily_psi' else statistic end as check_name,
        feature as subject,
        cast('feature' as {{ text }}) as subject_type,
        segment_name,
        segment_value,
        value,
        cast(null as {{ double }}) as baseline,
        cast(null as {{ double }}) as z_score,
        n_window,
        n_reference,
        window_start,
        window_end,
        reference_start,
        reference_end,
        case when value is null then 'no values in the window or the reference' end as unusable_reason,
        {{ dbt.concat(['statistic', "' '", retrain_gate.format_number('value', 4),
                       "case when span = 'day' then " ~ retrain_gate.pooled_span_label('window_start', 'window_end') ~ " else '' end"]) }}
            as evidence
    from {{ ref('int_retrain_gate__feature_drift') }}
    where span = 'window' or statistic = 'psi'

    {%- for checks_model in ['int_retrain_gate__integrity_checks', 'int_retrain_gate__outcome_checks', 'int_retrain_gate__trust_checks',
                             'int_retrain_gate__estimated_checks'] %}

    union all

    select
        model_id,
        eval_date,
        family,
        check_name,
        subject,
        subject_type,
        segment_name,
        segment_value,
        value,
        baseline,
        z_score,
        n_window,
        n_reference,
        window_start,
        window_end,
        reference_start,
        reference_end,
        unusable_reason,
        evidence
    from {{ ref(checks_model) }}
    {%- endfor %}
),

thresholded as (
    select
        signals.*,
        case when signals.segment_name = '(all)' then 'all' else {{ segment_label }} end as segment,
        coalesce(own.warn_threshold, model_wide.warn_threshold) as warn_threshold,
        coalesce(own.breach_threshold, model_wide.breach_threshold) as breach_threshold,
        coalesce(own.min_z, model_wide.min_z) as min_z,
        coalesce(own.min_effect, model_wide.min_effect) as min_effect,
        case
            when signals.unusable_reason is not null then signals.unusable_reason
            when signals.value is null then 'no value'
            when signals.n_window < model_wide.min_values then {{ too_few_window }}
            when signals.n_reference < model_wide.min_reference_rows then {{ too_few_reference }}
        end as insufficient_reason
    from signals
    -- also keeps only the models still configured
    inner join thresholds as model_wide
        on
            signals.model_id = model_wide.model_id
            and signals.check_name = model_wide.check_name
            and model_wide.subject = '*'
    left join thresholds as own
        on
            signals.model_id = own.model_id
            and signals.check_name = own.check_name
            and signals.subject = own.subject
),

judged as (
    select
        *,
        {{ retrain_gate.check_status('check_name', 'value', 'baseline', 'z_score', 'warn_threshold',
            'breach_threshold', 'min_z', 'min_effect', 'insufficient_reason') }} as status
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
),

dated as (
    select
        *,
        case when status = 'breach' then min(case when status = 'breach' then eval_date end) over (
            partition by model_id, family, check_name, subject, segment, streak_group
        ) end as first_breach_date,
        case when status = 'breach' then sum(case when status = 'breach' then 1 else 0 end) over (
            partition by model_id, family, check_name, subject, segment, streak_group
            order by eval_date rows between unbounded preceding and current row
        ) else 0 end as consecutive_days
    from streaks
)

select
    cast(model_id as {{ text }}) as model_id,
    cast(eval_date as date) as eval_date,
    cast(family as {{ text }}) as family,
    cast(check_name as {{ text }}) as check_name,
    cast(subject as {{ text }}) as subject,
    cast(subject_type as {{ text }}) as subject_type,
    cast(segment as {{ text }}) as segment,
    cast(value as {{ double }}) as value,
    cast(baseline as {{ double }}) as baseline,
    cast(z_score as {{ double }}) as z_score,
    cast(case
        when status = 'breach' then breach_threshold
        when status in ('warn', 'ok') then warn_threshold
    end as {{ double }}) as threshold,
    cast(warn_threshold as {{ double }}) as warn_threshold,
    cast(breach_threshold as {{ double }}) as breach_threshold,
    cast(status as {{ text }}) as status,
    cast(first_breach_date as date) as first_breach_date,
    cast(consecutive_days as {{ dbt.type_int() }}) as consecutive_days,
    cast(n_window as {{ dbt.type_bigint() }}) as n_window,
    cast(n_reference as {{ dbt.type_bigint() }}) as n_reference,
    cast(window_start as date) as window_start,
    cast(window_end as date) as window_end,
    cast(reference_start as date) as reference_start,
    cast(reference_end as date) as reference_end,
    cast(case
        when status = 'insufficient_data' then insufficient_reason
        when status = 'breach'
            then {{ dbt.concat(['subject', "': '", 'evidence', "' (since '", 'cast(first_breach_date as ' ~ text ~ ')', "')'"]) }}
        else {{ dbt.concat(['subject', "': '", 'evidence']) }}
    end as {{ text }}) as detail,
    {{ retrain_gate.run_timestamp() }} as computed_at
from dated
