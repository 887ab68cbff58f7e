{#- When this dbt invocation started, as a timestamp literal: every row a run writes carries it. -#}
{% macro run_timestamp() %}
  cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
