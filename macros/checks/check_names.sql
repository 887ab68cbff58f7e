{#-
  The checks a family's check model computes (int_retrain_gate__<family>_checks), in the
  order of the check registry: the registry's checks whose `model` (by default their family)
  is that family.
-#}
{% macro check_names(family) %}
  {%- set names = [] -%}
  {%- for name, check in retrain_gate.retrain_gate_checks().items() -%}
    {%- if check.get('model', check.family) == family -%}
      {%- do names.append(name) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(names) }}
{% endmacro %}
