{#-
  The plan of retrain_gate_signals: table_plan, and every model recomputed in full when the
  stored table has no fingerprint column (it was written as a plain table, before signals were
  incremental), so that the first run after an upgrade rewrites it instead of failing on the
  missing column. on_schema_change adds the column before the rows go in.
-#}
{% macro signals_plan(table) %}
  {%- if execute and is_incremental() and 'fingerprint' not in adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- set plan = {} -%}
    {%- for m in retrain_gate.get_config().models -%}
      {%- do plan.update({m.model_id: {'full': true, 'start': none, 'redo': []}}) -%}
    {%- endfor -%}
    {{ return(plan) }}
  {%- endif -%}
  {{ return(retrain_gate.table_plan(table)) }}
{% endmacro %}
