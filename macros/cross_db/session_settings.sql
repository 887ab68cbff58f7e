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
  DuckDB 2.0's rules projection_pullup and projection_placement take time that grows faster than
  a statement's size: on a fleet's statements (a branch per monitored model) they took most of
  the time, 16.5 of the 23.9 s of CPU of daily_feature_profile at 100 models, and disabling one
  made the other take it (docs/engines.md, "DuckDB: two optimizer rules off"). Both only move
  or drop projections, so results do not change. The setting is the database's (DuckDB has no
  session scope for it): it is added to the rules already disabled, never removes one, and
  stays for the rest of the process. Older DuckDB releases have neither rule, and naming an
  unknown rule is an error: only those the release has are named, asked once per invocation.
-#}
{% macro duckdb__session_settings() %}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set rules = retrain_gate.read_once('duckdb_projection_rules', retrain_gate.duckdb_projection_rules) -%}
  {%- if rules | length == 0 -%}{{ return('') }}{%- endif -%}
  {{ return("set disabled_optimizers = concat_ws(',', nullif(current_setting('disabled_optimizers'), ''), '"
            ~ rules | join("', '") ~ "')") }}
{% endmacro %}

{#- Which of DuckDB's projection rules this release has (none before 2.0). -#}
{% macro duckdb_projection_rules() %}
  {{ return(run_query("select name from duckdb_optimizers() where name in ('projection_pullup', 'projection_placement')"
                      ~ " order by name").columns[0].values() | list) }}
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
