{#-
  Pre-hook of retrain_gate_signals: deletes the rows of the models no longer in the config. The
  table holds only the configured models' signals, as a rebuild would; the incremental plan
  only ever rewrites the models still configured.
-#}
{% macro delete_unconfigured_models() %}
  {%- set gone = [] -%}
  {%- if execute and is_incremental() -%}
    {%- set configured = retrain_gate.get_config().models | map(attribute='model_id') | list -%}
    {%- for row in run_query('select distinct model_id from ' ~ this) if row[0] not in configured -%}
      {%- do gone.append(row[0]) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- if gone | length > 0 -%}
    {{ adapter.dispatch('delete_models', 'retrain_gate')(this, gone) }}
  {%- else -%}
    select 1
  {%- endif -%}
{% endmacro %}
