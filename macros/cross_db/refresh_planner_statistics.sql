{#-
  Post-hook of the package's tables: engines whose planner needs statistics on fresh tables get
  them, so the next model's joins are planned on real sizes (Postgres otherwise guesses tiny
  tables and picks nested loops).
-#}
{% macro refresh_planner_statistics() %}
  {{ return(adapter.dispatch('refresh_planner_statistics', 'retrain_gate')()) }}
{% endmacro %}

{% macro default__refresh_planner_statistics() %}
  {{ return('') }}
{% endmacro %}

{% macro postgres__refresh_planner_statistics() %}
  {{ return('analyze ' ~ this) }}
{% endmacro %}
