{#-
  The value as a double when it is a finite number, else null: NaN and +/-infinity are not
  measurements. v - v is 0 exactly for every finite v and NaN for NaN and the infinities,
  on every engine.
-#}
{% macro finite_or_null(expr) %}
  {%- set value = 'cast(' ~ expr ~ ' as ' ~ retrain_gate.type_double() ~ ')' -%}
  case when {{ value }} - {{ value }} = 0 then {{ value }} end
{%- endmacro %}
