{#-
  The state behind stale-entity detection: per model and followed entity (the entity sample),
  its last staged row (by event_at, then prediction_id) before `settle_to`, the first day the
  next staleness run will recount (see entity_state_plan). One row per entity however long the
  history: a run reads only the staged rows since the newest row kept, and rewrites each model's
  state whole (its new last rows, and the kept rows of the entities not seen since), so every
  engine replaces it by model: a delete of the model's rows, or an overwrite of its partition.
-#}
{{ retrain_gate.staged_rows_dependencies() }}
-- depends_on: {{ ref('int_retrain_gate__daily_entity_staleness') }}
-- depends_on: {{ ref('int_retrain_gate__reference_entities') }}
{{ config(**retrain_gate.incremental_table(
    ['model_id'], 'int_retrain_gate__entity_last_rows', hooks=[retrain_gate.prefer_hash_joins()], on_schema_change='append_new_columns')) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__entity_last_rows') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__entity_last_rows') -%}
{%- set rates = retrain_gate.entity_sample_rates() -%}
{%- set models = cfg.models | selectattr('model_id', 'in', plan.keys() | list) | list -%}
{%- set text = dbt.type_string() -%}
{%- set double = retrain_gate.type_double() -%}
{%- set layout_columns = [] -%}
{%- for i in range(1, cfg.layout.segments + 1) %}{%- do layout_columns.append(('seg_' ~ i, text)) -%}{%- endfor -%}
{%- do layout_columns.append(('score', double)) -%}
{%- for i in range(1, cfg.layout.numeric + 1) %}{%- do layout_columns.append(('num_' ~ i, double)) -%}{%- endfor -%}
{%- for i in range(1, cfg.layout.categorical + 1) %}{%- do layout_columns.append(('cat_' ~ i, text)) -%}{%- endfor -%}
{%- set stored = [] -%}
{%- if execute and is_incremental() -%}
{%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
{%- endif -%}
{%- set slot_types = dict(layout_columns) -%}
{%- set extra_columns = [] -%}
{%- for name in stored if modules.re.fullmatch('(seg|num|cat)_[0-9]+', name) and name not in layout_columns | map(attribute=0) | list -%}
{%- do extra_columns.append((name, double if name.startswith('num_') else text)) -%}
{%- endfor -%}
{%- if models | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', text), ('entity_id', text), ('event_at', dbt.type_timestamp()), ('prediction_id', text),
    ('event_date', 'date')] + layout_columns + extra_columns + [('fingerprint', text), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
{%- set columns = ['model_id', 'entity_id', 'event_at', 'prediction_id', 'event_date'] + layout_columns | map(attribute=0) | list %}
{#-
  The newest row of each entity by hash aggregates and joins, not by sorting every row: the
  newest event_at per entity, the rows at that instant, the greatest prediction_id among them.
  Each step reads the staged rows itself (a shared CTE would be materialized in full).
-#}
with
{%- for m in models %}
{%- set step = plan[m.model_id] %}
{%- set bounds = ['entity_id is not null',
    retrain_gate.stable_fraction('entity_id') ~ ' < ' ~ rates[m.model_id],
    "event_at < cast('" ~ step.settle_to ~ "' as " ~ dbt.type_timestamp() ~ ")"] %}
{%- if not step.full %}
{%- do bounds.append("event_at >= cast('" ~ step['from'] ~ "' as " ~ dbt.type_timestamp() ~ ")") %}
{%- endif %}
newest_{{ loop.index }} as (
    select
        entity_id,
        max(event_at) as event_at
    from ({{ retrain_gate.staged_model_rows(m) }}) as staged_model
    where {{ bounds | join('\n        and ') }}
    group by entity_id
),

at_newest_{{ loop.index }} as (
    select staged.*
    from (
        select {{ columns | join(', ') }}
        from ({{ retrain_gate.staged_model_rows(m) }}) as staged_model
        where {{ bounds | join('\n            and ') }}
    ) as staged
    inner join newest_{{ loop.index }} as newest
        on staged.entity_id = newest.entity_id and staged.event_at = newest.event_at
),

greatest_id_{{ loop.index }} as (
    select
        entity_id,
        max(prediction_id) as prediction_id
    from at_newest_{{ loop.index }}
    group by entity_id
),

last_{{ loop.index }} as (
    select distinct at_newest.*
    from at_newest_{{ loop.index }} as at_newest
    inner join greatest_id_{{ loop.index }} as greatest_id
        on at_newest.entity_id = greatest_id.entity_id and at_newest.prediction_id = greatest_id.prediction_id
),
{%- endfor %}

last_rows as (
    {%- for m in models %}
    select
        {{ columns | join(', ') }},
        {%- for column, type in extra_columns %}
        cast(null as {{ type }}) as {{ column }},
        {%- endfor %}
        cast('{{ fingerprints[m.model_id] }}' as {{ text }}) as fingerprint,
        {{ retrain_gate.run_timestamp() }} as computed_at
    from last_{{ loop.index }}
    {%- if not plan[m.model_id].full %}
    union all
    select
        {%- for column in columns %}
        {{ 'kept.' ~ column if column in stored else 'cast(null as ' ~ slot_types[column] ~ ') as ' ~ column }},
        {%- endfor %}
        {%- for column, type in extra_columns %}
        kept.{{ column }},
        {%- endfor %}
        kept.fingerprint,
        kept.computed_at
    from {{ this }} as kept
    left join last_{{ loop.index }} as seen_again on kept.entity_id = seen_again.entity_id
    where kept.model_id = '{{ m.model_id }}' and seen_again.entity_id is null
    {%- endif %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    {{ (columns + extra_columns | map(attribute=0) | list) | join(',\n    ') }},
    fingerprint,
    computed_at
from last_rows
{%- endif %}
