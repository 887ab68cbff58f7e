{#-
  The incremental strategy `replace_keys` (dbt finds a custom strategy's SQL in the macro
  get_incremental_<strategy>_sql): delete the table's rows whose key the new rows hold, found by
  a semi-join on the distinct keys, then insert the new rows. That is dbt-core's own
  delete+insert, which Postgres and Snowflake run as it is; DuckDB gets it through
  duckdb__replace_keys_config. The delete reads each key once, however many rows share it.
-#}
{% macro get_incremental_replace_keys_sql(arg_dict) %}
  {{ return(dbt.default__get_delete_insert_merge_sql(
      arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['unique_key'],
      arg_dict['dest_columns'], arg_dict['incremental_predicates'])) }}
{% endmacro %}
