{#-
  Doubles as exact SQL literals, one per value: the shortest decimal that reads back as the same
  double. A list at a time, so that a fleet's thousands of edges cost one type lookup.
-#}
{% macro double_literals(values) %}
  {%- set double = retrain_gate.type_double() -%}
  {%- set literals = [] -%}
  {%- for value in values -%}{%- do literals.append("cast('" ~ value ~ "' as " ~ double ~ ")") -%}{%- endfor -%}
  {{ return(literals) }}
{% endmacro %}
