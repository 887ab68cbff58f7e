{#-
  A multiclass row's top class, from `probabilities` [(class name, SQL expression)]:
    top        the largest probability, null when any is null (a row without every class
               probability has no prediction: the engines' greatest() disagree on nulls)
    predicted  the first class in config order whose probability equals top (ties go to the
               earlier class)
  Returns {top, predicted} as SQL expressions (docs/multiclass.md).
-#}
{% macro top_class_expressions(probabilities) %}
  {%- set values = probabilities | map(attribute='1') | list -%}
  {%- set top -%}
    case when {{ values | join(' is null or ') }} is null then null else greatest({{ values | join(', ') }}) end
  {%- endset -%}
  {%- set predicted -%}
    case{% for name, value in probabilities %} when {{ value }} = {{ top }} then '{{ name }}'{% endfor %} end
  {%- endset -%}
  {{ return({'top': top, 'predicted': predicted}) }}
{% endmacro %}
