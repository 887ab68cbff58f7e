{#-
  The state behind stale-entity detection: per model and entity, its last staged row (by
  event_at, then prediction_id) before `settle_to`, the first day the next staleness run will
  recount (see entity_state_plan). One row per entity however long the history: a run reads only
  the staged rows since the newest row kept.
-#}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
-- depends_on: {{ ref('int_retrain_gate__daily_entity_staleness') }}
{{ config(
    materialized='incremental',
    unique_key=['model_id', 'entity_id'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ retrain_gate.refresh_planner_statistics() }}",
    pre_hook="{{ retrain_gate.delete_models_recomputed_in_full(retrain_gate.entity_state_plan()) }}",
) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set fingerprints = retrain_gate.staleness_fingerprints() -%}
{%- set plan = retrain_gate.entity_state_plan() -%}
{%- set models = cfg.models | selectattr('model_id', 'in', plan.keys() | list) | list -%}
{%- set text = dbt.type_string() -%}
{%- set double = retrain_gate.type_double() -%}
{%- set layout_columns = [] -%}
{%- for i in range(1, cfg.layout.segments + 1) %}{%- do layout_columns.append(('seg_' ~ i, text)) -%}{%- endfor -%}
{%- do layout_columns.append(('score', double)) -%}
{%- for i in range(1, cfg.layout.numeric + 1) %}{%- do layout_columns.append(('num_' ~ i, double)) -%}{%- endfor -%}
{%- for i in range(1, cfg.layout.categorical + 1) %}{%- do layout_columns.append(('cat_' ~ i, text)) -%}{%- endfor -%}
{%- if models | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', text), ('entity_id', text), ('event_at', dbt.type_timestamp()), ('prediction_id', text),
    ('event_date', 'date')] + layout_columns + [('fingerprint', text), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
{%- set columns = ['model_id', 'entity_id', 'event_at', 'prediction_id', 'event_date'] + layout_columns | map(attribute=0) | list %}
with
{%- for m in models %}
{%- set step = plan[m.model_id] %}
candidates_{{ loop.index }} as (
    select
        {{ columns | join(', ') }},
        row_number() over (partition by entity_id order by event_at desc, prediction_id desc) as recency
    from {{ ref('stg_retrain_gate__predictions') }}
    where
        model_id = '{{ m.model_id }}'
        and entity_id is not null
        {%- if not step.full %}
        and event_at >= cast('{{ step['from'] }}' as {{ dbt.type_timestamp() }})
        {%- endif %}
        and event_at < cast('{{ step.settle_to }}' as {{ dbt.type_timestamp() }})
),
{%- endfor %}

last_rows as (
    {%- for m in models %}
    select
        {{ columns | join(', ') }},
        cast('{{ fingerprints[m.model_id] }}' as {{ text }}) as fingerprint
    from candidates_{{ loop.index }}
    where recency = 1
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    {{ columns | join(',\n    ') }},
    fingerprint,
    {{ retrain_gate.run_timestamp() }} as computed_at
from last_rows
{%- endif %}
