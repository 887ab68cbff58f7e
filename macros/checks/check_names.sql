{#-
  The checks a family's check model computes (int_retrain_gate__<family>_checks), in the
  order of the check registry: the registry's checks of that family, except those computed
  where their inputs are. mix_attribution (family trust: its verdict is investigate) splits
  the change of the observed rate, so the outcome model, which holds the labels, computes it.
-#}
{% macro check_names(family) %}
  {%- set computed_by = {'mix_attribution': 'outcome'} -%}
  {%- set names = [] -%}
  {%- for name, check in retrain_gate.retrain_gate_checks().items() -%}
    {%- if computed_by.get(name, check.family) == family -%}
      {%- do names.append(name) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(names) }}
{% endmacro %}
