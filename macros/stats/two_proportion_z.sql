{#-
  The two-proportion z statistic of x1/n1 against x2/n2, with the pooled proportion
  p = (x1 + x2) / (n1 + n2): (x1/n1 - x2/n2) / sqrt(p (1 - p) (1/n1 + 1/n2)). Null when either
  side is empty or p is 0 or 1 (no variation to test against).
-#}
{% macro two_proportion_z(x1, n1, x2, n2) %}
  {%- set double = retrain_gate.type_double() -%}
  {%- set pooled = '(cast(' ~ x1 ~ ' + ' ~ x2 ~ ' as ' ~ double ~ ') / nullif(' ~ n1 ~ ' + ' ~ n2 ~ ', 0))' -%}
  (cast({{ x1 }} as {{ double }}) / nullif({{ n1 }}, 0) - cast({{ x2 }} as {{ double }}) / nullif({{ n2 }}, 0))
    / nullif(sqrt({{ pooled }} * (1 - {{ pooled }}) * (1.0 / nullif({{ n1 }}, 0) + 1.0 / nullif({{ n2 }}, 0))), 0)
{%- endmacro %}
