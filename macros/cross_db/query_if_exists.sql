{#-
  run_query(sql) when `relation` exists, else no rows: plans read tables that a fresh warehouse
  (`dbt compile`, `dbt docs generate` before the first build) does not have yet.
-#}
{% macro query_if_exists(relation, sql) %}
  {%- if load_relation(relation) is none -%}
    {{ return([]) }}
  {%- endif -%}
  {{ return(run_query(sql)) }}
{% endmacro %}
