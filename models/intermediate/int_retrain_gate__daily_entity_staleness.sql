{#-
  Stale entities: per model (with an entity_id) x day x segment x feature, how many non-null
  observations had a non-null previous observation of the same entity (n_compared), and how
  many of those repeated it exactly (n_unchanged). An upstream metric that stops updating
  keeps every entity at its last value: n_unchanged / n_compared jumps towards 1.

  Counted on the entities of the model's sample (int_retrain_gate__reference_entities): about
  entity_sample_size of them, chosen by a stable hash of entity_id.

  Incremental without rescanning history: an entity's previous observation before the days
  being counted comes from int_retrain_gate__entity_last_rows, the last row of every followed
  entity before them (see staleness_plan); each entity's previous row is its row before by
  (event_at, prediction_id).
-#}
{{ retrain_gate.staged_rows_dependencies() }}
-- depends_on: {{ ref('int_retrain_gate__reference_entities') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'profile_date'], 'int_retrain_gate__daily_entity_staleness')) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__daily_entity_staleness') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__daily_entity_staleness') -%}
{%- set rates = retrain_gate.entity_sample_rates() -%}
{%- set state = adapter.get_relation(this.database, this.schema, 'int_retrain_gate__entity_last_rows') -%}
{%- set models = cfg.models | selectattr('model_id', 'in', fingerprints.keys() | list) | list -%}
{%- set text = dbt.type_string() -%}
{%- if models | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', text), ('profile_date', 'date'), ('segment_name', text), ('segment_value', text),
    ('feature', text), ('n_compared', dbt.type_bigint()), ('n_unchanged', dbt.type_bigint()),
    ('fingerprint', text), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
with
{%- for m in models %}
{%- set model_index = loop.index %}
{%- set step = plan[m.model_id] %}
{%- set slots = m.features | map(attribute='slot') | list %}
{%- set segment_slots = m.segments | map(attribute='slot') | list %}
{%- set columns = ['entity_id', 'event_at', 'prediction_id', 'event_date'] + segment_slots + slots %}
{%- set context = {m.model_id: {'full': step.full, 'start': step.context_start}} %}
observations_{{ model_index }} as (
    select
        {{ columns | join(', ') }},
        0 as from_state
    from ({{ retrain_gate.staged_rows(m, context, columns) }}) as staged
    where
        entity_id is not null
        and {{ retrain_gate.stable_fraction('entity_id') }} < {{ rates[m.model_id] }}
    {%- if not step.full %}

    union all

    -- each entity's last row before the days read
    select
        {{ columns | join(', ') }},
        1 as from_state
    from {{ state }}
    where model_id = '{{ m.model_id }}'
    {%- endif %}
),

-- one aggregate pass over the flagged rows, per day x segment combination: a CTE read once per
-- feature would be materialized in full first
{%- set sums = [] %}
{%- for slot in slots %}
{%- do sums.append('sum(compared_' ~ loop.index ~ ') as compared_' ~ loop.index) %}
{%- do sums.append('sum(unchanged_' ~ loop.index ~ ') as unchanged_' ~ loop.index) %}
{%- endfor %}
{%- set kept = ['event_date'] + segment_slots + ['from_state'] %}
flagged_{{ model_index }} as (
    select
        {{ (['event_date'] + segment_slots + sums) | join(',\n        ') }}
    from ({{ retrain_gate.previous_value_flags('observations_' ~ model_index, slots, kept) }}) as flags
    where
        from_state = 0
        {%- if not step.full %}
        and event_date >= {{ retrain_gate.date_literal(step.start) }}
        {%- endif %}
    group by {{ (['event_date'] + segment_slots) | join(', ') }}
),

counted_{{ model_index }} as (
    {%- for feature in m.features %}
    select
        {{ (['event_date'] + segment_slots) | join(', ') }},
        '{{ feature.name }}' as feature,
        compared_{{ loop.index }} as n_compared,
        unchanged_{{ loop.index }} as n_unchanged
    from flagged_{{ model_index }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),
{%- endfor %}

daily as (
    {%- for m in models %}
    {{ retrain_gate.sum_over_segment_levels(m, 'counted_' ~ loop.index, ['feature'], ['n_compared', 'n_unchanged']) }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    daily.model_id,
    daily.profile_date,
    daily.segment_name,
    daily.segment_value,
    cast(daily.feature as {{ text }}) as feature,
    cast(daily.n_compared as {{ dbt.type_bigint() }}) as n_compared,
    cast(daily.n_unchanged as {{ dbt.type_bigint() }}) as n_unchanged,
    {{ retrain_gate.row_provenance('daily.model_id', fingerprints) }}
from daily
{%- endif %}
