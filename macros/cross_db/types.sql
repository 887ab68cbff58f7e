{#- 64-bit floating point: ANSI `double precision`; engines that spell it otherwise dispatch. -#}
{% macro type_double() %}
  {{ return(adapter.dispatch('type_double', 'retrain_gate')()) }}
{% endmacro %}

{% macro default__type_double() %}
  {{ return('double precision') }}
{% endmacro %}

{% macro spark__type_double() %}
  {{ return('double') }}
{% endmacro %}
