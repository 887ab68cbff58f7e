{#-
  The CTEs that only one check of `family` reads, each followed by a comma, for the family's
  model to place after its shared CTEs: a check <name> that needs its own brings them in the
  macro check_<name>_inputs (macros/checks/<family>/<name>_inputs.sql).
-#}
{% macro check_inputs(family) %}
  {%- for name in retrain_gate.check_names(family) if ('check_' ~ name ~ '_inputs') in retrain_gate %}
{{ retrain_gate['check_' ~ name ~ '_inputs']() }},
  {% endfor -%}
{% endmacro %}
