{#-
  The incremental plan of `table` (the model being built), computed once by the plan macro its
  entry in retrain_gate_plan_dependencies names (table_plan unless it says otherwise): the model's
  body and its pre-hook (delete_models_recomputed_in_full) read the same plan, and its queries
  (the stored dates and fingerprints, the reference bins, the upstream rows written since) run
  once instead of twice. Cached in `graph` for this invocation and this model: nothing writes
  the model's table between its compilation and its pre-hook, and its upstream tables are built
  before both. At parse time, or without a model (`this`), the plan is computed as it is.
-#}
{% macro node_plan(table) %}
  {%- set planner = retrain_gate[retrain_gate.retrain_gate_plan_dependencies()[table].get('plan', 'table_plan')] -%}
  {%- if not execute or graph is not mapping or this is none -%}
    {{ return(planner(table)) }}
  {%- endif -%}
  {%- set cache = graph.setdefault('retrain_gate_node_plans', {}) -%}
  {%- set key = invocation_id ~ '|' ~ this ~ '|' ~ table -%}
  {%- if key not in cache -%}
    {%- do cache.update({key: planner(table)}) -%}
  {%- endif -%}
  {{ return(cache[key]) }}
{% endmacro %}
