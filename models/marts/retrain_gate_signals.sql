{#-
  retrain_gate_signals: every check of every monitored model on every evaluation date, with the
  status its thresholds give, how long a breach has lasted, and a sentence a person can act on.
  One row per model_id x eval_date x family x check_name x subject x segment.

  Incremental, as the family tables it reads: a run recomputes each model's evaluation dates
  from the first one a family table rewrote since the last run (retrain_gate_plan_dependencies),
  and a model in full when its thresholds, minimums or a family table's fingerprint changed, so
  statuses always follow the current thresholds. A breach streak that runs into the recomputed
  dates carries on from the newest row stored before them (`carried`): the same first_breach_date
  and consecutive_days as a rebuild. Each check's status follows its rule (macro
  retrain_gate_checks).
-#}
-- the fingerprints read the frozen bins, the score bands and the entity samples:
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_cuts') }}
-- depends_on: {{ ref('int_retrain_gate__reference_entities') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'eval_date'], 'retrain_gate_signals',
    hooks=['{{ retrain_gate.delete_unconfigured_models() }}'], on_schema_change='append_new_columns')) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('retrain_gate_signals') -%}
{%- set plan = retrain_gate.node_plan('retrain_gate_signals') -%}
{%- set starts = plan.values() | rejectattr('full') | map(attribute='start') | list -%}
{#- the first date any model recomputes, as a literal the engines prune the family tables by; none when one is in full -#}
{%- set first_start = none if starts | length < plan | length else starts | min -%}
{%- set carries = starts | length > 0 -%}
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
-- each model's fingerprint and first recomputed date (null: all of them)
with recomputed as (
    {%- for m in cfg.models %}
    {%- set step = plan[m.model_id] %}
    select
        cast('{{ m.model_id }}' as {{ text }}) as model_id,
        cast({{ 'null' if step.full else "'" ~ step.start ~ "'" }} as date) as start_date,
        cast('{{ fingerprints[m.model_id] }}' as {{ text }}) as fingerprint
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

-- the thresholds of every check: '*' is the model's, a feature name that feature's own
thresholds as (
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
    where
        (span = 'window' or statistic = 'psi')
        {%- if first_start is not none %}
        and eval_date >= cast('{{ first_start }}' as date)
        {%- endif %}

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
    {%- if first_start is not none %}
    where eval_date >= cast('{{ first_start }}' as date)
    {%- endif %}
    {%- endfor %}
),

thresholded as (
    select
        signals.*,
        recomputed.fingerprint,
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
    -- the dates this run recomputes, of the models still configured
    inner join recomputed
        on
            signals.model_id = recomputed.model_id
            and (recomputed.start_date is null or signals.eval_date >= recomputed.start_date)
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

{{ retrain_gate.breach_streaks(carries) }}

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
    cast(fingerprint as {{ text }}) as fingerprint,
    {{ retrain_gate.run_timestamp() }} as computed_at
from dated
