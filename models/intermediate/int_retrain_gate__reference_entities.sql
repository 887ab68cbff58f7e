{#-
  The entities stale-entity detection follows: per model with an entity_id, how many distinct
  entities its reference rows hold and the sampling rate that keeps about
  `entity_sample_size` of them. An entity is followed when stable_fraction(entity_id) is below
  the rate, a deterministic choice that holds for entities first seen later too; the share of
  observations repeating the entity's previous value is then estimated on a random sample of
  entities, at a cost that does not grow with their number. Frozen like the reference bins.
-#}
{{ retrain_gate.staged_rows_dependencies() }}
{{ config(**retrain_gate.incremental_table(['model_id'])) }}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__reference_entities') -%}
{%- set text = dbt.type_string() -%}
{%- if plan | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', text), ('n_reference_entities', dbt.type_bigint()), ('sample_rate', retrain_gate.type_double()),
    ('sampling_fingerprint', text), ('edges_start', 'date'), ('edges_end', 'date'), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
with counted as (
    {%- for item in plan %}
    select
        cast('{{ item.m.model_id }}' as {{ text }}) as model_id,
        count(distinct entity_id) as n_reference_entities,
        {{ item.m.entity_sample_size }} as entity_sample_size,
        cast('{{ item.fingerprint }}' as {{ text }}) as sampling_fingerprint,
        {{ retrain_gate.date_literal(item.start) }} as edges_start,
        {{ retrain_gate.date_literal(item.end) }} as edges_end
    from ({{ retrain_gate.staged_model_rows(item.m) }}) as staged_model
    where
        event_at >= cast('{{ item.start }}' as {{ dbt.type_timestamp() }})
        and event_at < cast('{{ retrain_gate.shift_date(item.end, 1) }}' as {{ dbt.type_timestamp() }})
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    model_id,
    cast(n_reference_entities as {{ dbt.type_bigint() }}) as n_reference_entities,
    cast(least(1.0, entity_sample_size * 1.0 / nullif(n_reference_entities, 0)) as {{ retrain_gate.type_double() }}) as sample_rate,
    sampling_fingerprint,
    edges_start,
    edges_end,
    {{ retrain_gate.run_timestamp() }} as computed_at
from counted
{%- endif %}
