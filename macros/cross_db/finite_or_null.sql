{#-
  The value as a double when it is a finite number, else null: NaN and +/-infinity are not
  measurements. Every engine orders NaN above +infinity, so one range test catches all three.
-#}
{% macro finite_or_null(expr) %}
  {%- set value = 'cast(' ~ expr ~ ' as ' ~ retrain_gate.type_double() ~ ')' -%}
  {%- set largest = "cast('1.7976931348623157e308' as " ~ retrain_gate.type_double() ~ ")" -%}
  case when {{ value }} between -{{ largest }} and {{ largest }} then {{ value }} end
{%- endmacro %}
