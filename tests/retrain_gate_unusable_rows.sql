{#-
  The rows of each monitored model's relation that do not count as one prediction each, one
  row per model and problem with how many rows it concerns (n_rows; the warning's count is
  their sum):
    no timestamp      left out of staging: the row has no day
    no prediction id  left out of staging: nothing to join its label to
    duplicate id      every copy counts as a prediction; n_rows is the extra copies
  A warning, not an error: the rest of the log is still monitored. It reads each relation's
  two key columns in full. A relation that does not exist is the staging model's error to
  report (the test can be selected without it, through its source): it is skipped here.
-#}
{{ config(severity='warn', fail_calc='coalesce(sum(n_rows), 0)') }}
{%- set cfg = retrain_gate.get_config() %}
{#- resolve_columns also reads labels.relation, at run time only: declare it here, at parse time #}
{%- for m in cfg.models if (m.labels or {}).get('relation') %}
-- depends_on: {{ retrain_gate.spec_relation(m.labels.relation) }}
{%- endfor %}
{%- set present = [] %}
{%- for m in cfg.models if not execute or load_relation(retrain_gate.spec_relation(m.relation)) is not none %}
{%- do present.append(m) %}
{%- endfor %}
{%- if present | length == 0 %}
{{ retrain_gate.empty_relation([('model_id', dbt.type_string()), ('problem', dbt.type_string()), ('n_rows', dbt.type_bigint())]) }}
{%- else %}
with
{%- for m in present %}
{%- set cols = retrain_gate.resolve_columns(m).columns %}
{%- set ts, id = cols[m.timestamp].sql, cols[m.prediction_id].sql %}
counts_{{ loop.index }} as (
    select
        cast('{{ m.model_id }}' as {{ dbt.type_string() }}) as model_id,
        sum(case when {{ ts }} is null then 1 else 0 end) as no_timestamp,
        sum(case when {{ ts }} is not null and {{ id }} is null then 1 else 0 end) as no_id,
        count(case when {{ ts }} is not null then {{ id }} end)
        - count(distinct case when {{ ts }} is not null then {{ id }} end) as duplicates
    from {{ retrain_gate.spec_relation(m.relation) }}
),
{%- endfor %}

unusable as (
    {%- for m in present %}
    {%- set counts = 'counts_' ~ loop.index %}
    {%- for column, problem in [('no_timestamp', 'no timestamp'), ('no_id', 'no prediction id'), ('duplicates', 'duplicate id')] %}
    select
        model_id,
        '{{ problem }}' as problem,
        {{ column }} as n_rows
    from {{ counts }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    model_id,
    problem,
    n_rows
from unusable
where n_rows > 0
{%- endif %}
