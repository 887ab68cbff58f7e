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
  Postgres compiles a statement's expressions to machine code (JIT) once its estimated cost
  passes jit_above_cost. The package's statements are long and estimated costly, but read a
  night's rows: compiling took longer than it saved, as measured in
  docs/engines.md, "Postgres: JIT off for each model". `set local` lasts for the model's
  transaction only.
-#}
{% macro postgres__session_settings() %}
  {{ return('set local jit = off') }}
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
