{#-
  A pre-hook for the models whose chains of CTEs defeat a planner's row estimates: on most
  engines nothing. Usage: incremental_table(keys, plan, hooks=[retrain_gate.prefer_hash_joins()]).
-#}
{% macro prefer_hash_joins() %}
  {{ return(adapter.dispatch('prefer_hash_joins', 'retrain_gate')()) }}
{% endmacro %}

{% macro default__prefer_hash_joins() %}
  {{ return('') }}
{% endmacro %}

{#-
  Postgres estimates 1 row for a CTE read twice where thousands come, and compares every pair
  in nested loops. The integrity model's pools (days pushed onto evaluation dates, joined on
  the computed date): on the demo's tables over 27 minutes; without nested loops, hash joins,
  79 s. The stale-entity state (each entity's rows at its newest instant against their
  greatest prediction_id): 32 s on the demo's tables, 1.4 s without. `set local` holds for the
  model's transaction only: the user's models, and the package's other models (feature_drift
  is faster with them), keep the default planner.
-#}
{% macro postgres__prefer_hash_joins() %}
  {{ return('set local enable_nestloop = off') }}
{% endmacro %}

{#- Redshift dispatches to postgres__ after redshift__, and has no enable_nestloop setting. -#}
{% macro redshift__prefer_hash_joins() %}
  {{ return('') }}
{% endmacro %}
