{#-
  The shared frame of the check models (integrity, outcome, trust): CTEs `settings` (per
  model: model_id, first_eval_date, reference_kind, reference_start, reference_end,
  rolling_days, window_days, reference_lag_days, fingerprint, then the model's `extra`
  columns: {model_id: [(sql, name), ...]}), `eval_dates` (eval_calendar_sql, or
  outcome_calendar_sql when `calendar` is 'outcome'), `day_offsets` (0 .. the longest rolling
  reference or window, as pooled_days expects them) and `reference_days` (the days of each
  rolling reference), as reference_rows expects them.
-#}
{% macro evaluation_frames(spans, fingerprints, calendar='eval', extra={}) %}
  {%- set text = dbt.type_string() -%}
  {%- set reach = [1] -%}
  {%- for span in spans -%}
    {%- do reach.append(span.m.reference.rolling_days or 1) -%}
    {%- do reach.append(span.m.window_days) -%}
  {%- endfor -%}
settings as (
    {%- for span in spans %}
    {%- set r = span.m.reference %}
    select
        '{{ span.m.model_id }}' as model_id,
        {{ retrain_gate.date_literal(span.start) }} as first_eval_date,
        cast('{{ r.kind }}' as {{ text }}) as reference_kind,
        {{ retrain_gate.date_literal(r.start) if r.kind == 'fixed' else 'cast(null as date)' }} as reference_start,
        {{ retrain_gate.date_literal(r.end) if r.kind == 'fixed' else 'cast(null as date)' }} as reference_end,
        {{ r.rolling_days or 0 }} as rolling_days,
        {{ span.m.window_days }} as window_days,
        {{ span.m.window_days + (r.gap_days or 0) }} as reference_lag_days,
        {%- for sql, name in extra.get(span.m.model_id, []) %}
        {{ sql }} as {{ name }},
        {%- endfor %}
        cast('{{ fingerprints[span.m.model_id] }}' as {{ text }}) as fingerprint
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

eval_dates as (
    {{ retrain_gate.outcome_calendar_sql(spans) if calendar == 'outcome' else retrain_gate.eval_calendar_sql(spans) }}
),

day_offsets as (
    {{ retrain_gate.whole_numbers(reach | max) }}
),

reference_days as (
    select
        eval_dates.model_id,
        eval_dates.reference_start,
        eval_dates.reference_end,
        {{ retrain_gate.add_days('eval_dates.reference_start', 'day_offsets.n') }} as profile_date
    from eval_dates
    inner join settings on eval_dates.model_id = settings.model_id
    inner join day_offsets on settings.rolling_days > day_offsets.n
    where settings.reference_kind = 'rolling'
)
{%- endmacro %}


{#- The columns of a check model's rows, (name, type), for its empty shape. -#}
{% macro check_row_columns() %}
  {%- set text = dbt.type_string() -%}
  {%- set double = retrain_gate.type_double() -%}
  {{ return([
    ('model_id', text), ('eval_date', 'date'), ('family', text), ('check_name', text), ('subject', text), ('subject_type', text),
    ('segment_name', text), ('segment_value', text), ('value', double), ('baseline', double), ('z_score', double),
    ('n_window', dbt.type_bigint()), ('n_reference', dbt.type_bigint()), ('window_start', 'date'), ('window_end', 'date'),
    ('reference_start', 'date'), ('reference_end', 'date'), ('unusable_reason', text), ('evidence', text),
    ('fingerprint', text), ('computed_at', dbt.type_timestamp())]) }}
{% endmacro %}


{#-
  The rows of a check model, typed, from its CTE `checks` (every column of check_row_columns
  but family, fingerprint and computed_at): the family from the check registry, the
  fingerprint from `settings`.
-#}
{% macro check_rows() %}
  {%- set text = dbt.type_string() -%}
  {%- set double = retrain_gate.type_double() -%}
select
    checks.model_id,
    checks.eval_date,
    cast(case checks.check_name
        {%- for name, check in retrain_gate.retrain_gate_checks().items() %}
        when '{{ name }}' then '{{ check.family }}'
        {%- endfor %}
    end as {{ text }}) as family,
    cast(checks.check_name as {{ text }}) as check_name,
    cast(checks.subject as {{ text }}) as subject,
    cast(checks.subject_type as {{ text }}) as subject_type,
    cast(checks.segment_name as {{ text }}) as segment_name,
    cast(checks.segment_value as {{ text }}) as segment_value,
    cast(checks.value as {{ double }}) as value,
    cast(checks.baseline as {{ double }}) as baseline,
    cast(checks.z_score as {{ double }}) as z_score,
    cast(checks.n_window as {{ dbt.type_bigint() }}) as n_window,
    cast(checks.n_reference as {{ dbt.type_bigint() }}) as n_reference,
    cast(checks.window_start as date) as window_start,
    cast(checks.window_end as date) as window_end,
    cast(checks.reference_start as date) as reference_start,
    cast(checks.reference_end as date) as reference_end,
    cast(checks.unusable_reason as {{ text }}) as unusable_reason,
    cast(checks.evidence as {{ text }}) as evidence,
    settings.fingerprint,
    {{ retrain_gate.run_timestamp() }} as computed_at
from checks
inner join settings on checks.model_id = settings.model_id
{%- endmacro %}
