{#- A number as text with `decimals` digits after the point, for sentences people read. -#}
{% macro format_number(expr, decimals) %}
  {{ return(adapter.dispatch('format_number', 'retrain_gate')(expr, decimals)) }}
{% endmacro %}

{% macro default__format_number(expr, decimals) %}
  cast(round(cast({{ expr }} as decimal(38, 9)), {{ decimals }}) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro duckdb__format_number(expr, decimals) %}
  printf('%.{{ decimals }}f', {{ expr }})
{%- endmacro %}

{% macro spark__format_number(expr, decimals) %}
  format_string('%.{{ decimals }}f', {{ expr }})
{%- endmacro %}


{#- A share (0.123) as a percentage with one decimal ('12.3%'). -#}
{% macro format_percent(expr) %}
  {{ dbt.concat([retrain_gate.format_number('100.0 * (' ~ expr ~ ')', 1), "'%'"]) }}
{%- endmacro %}
