{#-
  How many cuts are strictly below `value`, given that cuts[:lo] are and cuts[hi:] are not:
  binary search over cuts[lo:hi] as nested CASE. The nesting depends on lo and hi alone, so it
  is built once per invocation for each (binary_search_shape) and filled in with str.format: a
  macro call per comparison made a fleet's score bins 22,000 calls to compile.
-#}
{% macro count_cuts_below(value, cuts, lo, hi) %}
  {%- set shape = retrain_gate.read_once('binary_search_shape|' ~ lo ~ '|' ~ hi, retrain_gate.binary_search_shape, [lo, hi]) -%}
  {{ return(shape.format(value=value, cuts=cuts)) }}
{% endmacro %}


{#- count_cuts_below's SQL with the placeholders {value} and {cuts[i]}. -#}
{% macro binary_search_shape(lo, hi) %}
  {%- if lo >= hi -%}{{ return(lo | string) }}{%- endif -%}
  {%- set mid = (lo + hi) // 2 -%}
  {{ return('(case when {value} <= {cuts[' ~ mid ~ ']} then ' ~ retrain_gate.binary_search_shape(lo, mid)
            ~ ' else ' ~ retrain_gate.binary_search_shape(mid + 1, hi) ~ ' end)') }}
{% endmacro %}
