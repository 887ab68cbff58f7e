{#-
  The config of every incremental table of the package: each run replaces the rows of the
  `unique_key` values it writes. `plan` names the table (its entry in
  retrain_gate_plan_dependencies) whose plan says which models are recomputed in full (read
  through node_plan, as the model's body reads it): their old rows are removed first, so dates
  that no longer exist do not linger. `hooks`: more pre-hooks, run first (a planner hint such as
  prefer_hash_joins). `on_schema_change`: `fail` unless the table's columns follow the
  config. Usage: {{ config(**retrain_gate.incremental_table(['model_id', 'eval_date'], 'int_retrain_gate__feature_drift')) }}
-#}
{% macro incremental_table(unique_key, plan=none, full_refresh=none, hooks=[], on_schema_change='fail') %}
  {%- set settings = {
    'materialized': 'incremental',
    'unique_key': unique_key,
    'on_schema_change': on_schema_change,
    'post_hook': '{{ retrain_gate.refresh_planner_statistics() }}',
  } -%}
  {%- do settings.update(adapter.dispatch('replace_keys_config', 'retrain_gate')(unique_key)) -%}
  {%- set pre_hooks = hooks | select | list -%}
  {%- if plan is not none -%}
    {%- do pre_hooks.append("{{ retrain_gate.delete_models_recomputed_in_full(retrain_gate.node_plan('" ~ plan ~ "')) }}") -%}
  {%- endif -%}
  {%- if pre_hooks -%}
    {%- do settings.update({'pre_hook': pre_hooks}) -%}
  {%- endif -%}
  {%- if full_refresh is not none -%}
    {%- do settings.update({'full_refresh': full_refresh}) -%}
  {%- endif -%}
  {{ return(settings) }}
{% endmacro %}


{#- How an engine replaces the rows of the keys a run writes: delete them, then insert. -#}
{% macro default__replace_keys_config(unique_key) %}
  {{ return({'incremental_strategy': 'delete+insert'}) }}
{% endmacro %}


{#-
  DuckDB: the same delete and insert, through the package's strategy `replace_keys`
  (get_incremental_replace_keys_sql). dbt-duckdb's own delete+insert deletes with `delete ...
  using` the new rows, a join that pairs each row of a key in the new rows with each row of it
  in the table: quadratic in the rows per key (the stale-entity state, 20,000 rows under one
  model_id, took 4.1 s of a 10M nightly to delete).
-#}
{% macro duckdb__replace_keys_config(unique_key) %}
  {{ return({'incremental_strategy': 'replace_keys'}) }}
{% endmacro %}


{#-
  Plain parquet tables (no Delta or Iceberg) cannot delete rows: the keys are the partition
  columns, and each run overwrites exactly the partitions it writes (dynamic partition overwrite).
-#}
{% macro spark__replace_keys_config(unique_key) %}
  {{ return({'incremental_strategy': 'insert_overwrite', 'partition_by': unique_key, 'file_format': 'parquet'}) }}
{% endmacro %}
