{#-
  The annotated events (config `events`: a relation with model_id, start_date, end_date, kind,
  description), one row each: campaigns, UI experiments, dark launches, deprecations. A null
  model_id applies to every monitored model. A breach that begins inside an event is
  attributed to it (retrain_gate_decisions), and its days are left out of training
  (retrain_gate_training_exclusions). Without `events`, no rows.
-#}
{{ config(materialized='view') }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set text = dbt.type_string() -%}
{%- if cfg.events is none %}
{{ retrain_gate.empty_relation([('model_id', text), ('start_date', 'date'), ('end_date', 'date'), ('kind', text), ('description', text)]) }}
{%- else %}
{%- set cols = retrain_gate.check_columns(none, 'events', cfg.events, [
    ('events.model_id', 'model_id', 'any'), ('events.start_date', 'start_date', 'temporal'), ('events.end_date', 'end_date', 'temporal'),
    ('events.kind', 'kind', 'any'), ('events.description', 'description', 'any')]) %}
select
    cast(events.{{ cols.model_id.sql }} as {{ text }}) as model_id,
    cast(events.{{ cols.start_date.sql }} as date) as start_date,
    cast(events.{{ cols.end_date.sql }} as date) as end_date,
    cast(events.{{ cols.kind.sql }} as {{ text }}) as kind,
    cast(events.{{ cols.description.sql }} as {{ text }}) as description
from {{ retrain_gate.spec_relation(cfg.events) }} as events
{%- endif %}
