{#-
  Pre-hook of every model of the package: session settings an engine needs before it runs the
  package's SQL. None on most engines.
-#}
{% macro session_settings() %}
  {{ return(adapter.dispatch('session_settings', 'retrain_gate')()) }}
{% endmacro %}

{% macro default__session_settings() %}
  {{ return('') }}
{% endmacro %}

{#-
  Spark 4's join reordering (ReorderJoin, used without cost-based optimization) fails with an
  internal assertion on the package's joins to its one-row settings relations. The rule only
  reorders inner joins by a heuristic; the rest of the optimizer is untouched, and rules the
  session already excludes stay excluded.
-#}
{% macro spark__session_settings() %}
  {%- set rule = 'org.apache.spark.sql.catalyst.optimizer.ReorderJoin' -%}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set current = run_query('set spark.sql.optimizer.excludedRules').columns[1].values() | first -%}
  {%- set excluded = (current or '') | replace('<undefined>', '') | trim -%}
  {%- if rule in excluded.split(',') -%}{{ return('') }}{%- endif -%}
  {{ return('set spark.sql.optimizer.excludedRules = ' ~ ([excluded, rule] | select | join(','))) }}
{% endmacro %}
