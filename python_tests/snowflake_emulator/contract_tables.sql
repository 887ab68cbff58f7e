{#-
  Installed only in the test projects that build on the snowduck emulator (harness.Project):
  with a contract, dbt-snowflake creates a table as `create table t (columns) as select`, which
  Snowflake accepts and the emulator does not parse. Here the same contract is applied in two
  statements, `create table t (columns and constraints)` then `insert into t select`: the
  column names, types and NOT NULL constraints are still enforced, by the emulator's DuckDB.
  Without a contract, dbt-snowflake's own statements run (the tests build SQL tables only, no
  Iceberg or Python models).
-#}
{% macro snowflake__create_table_as(temporary, relation, compiled_code, language='sql') -%}
  {%- if config.get('contract').enforced -%}
    {{- get_assert_columns_equivalent(compiled_code) }}
    create or replace {{ 'temporary ' if temporary }}table {{ relation }}
      {{ get_table_columns_and_constraints() }};
    insert into {{ relation }}
      {{ get_select_subquery(compiled_code) }};
  {%- elif temporary -%}
    {{ snowflake__create_table_temporary_sql(relation, compiled_code) }}
  {%- else -%}
    {{ snowflake__create_table_info_schema_sql(relation, compiled_code) }}
  {%- endif -%}
{%- endmacro %}
