{#-
  Welch's z statistic of the mean s1/n1 against s2/n2, from sums and sums of squares:
  (m1 - m2) / sqrt(v1 / n1 + v2 / n2), v = q / n - m^2 each side's variance (q the sum of
  squares). The two-proportion z's counterpart for numeric labels; null when either side is
  empty or both variances are 0.
-#}
{% macro two_mean_z(s1, q1, n1, s2, q2, n2) %}
  {%- set m1 = retrain_gate.safe_ratio(s1, n1) -%}
  {%- set m2 = retrain_gate.safe_ratio(s2, n2) -%}
  ({{ m1 }} - ({{ m2 }}))
    / nullif(sqrt(greatest(({{ q1 }} / nullif({{ n1 }}, 0) - ({{ m1 }}) * ({{ m1 }})) / nullif({{ n1 }}, 0), 0)
                  + greatest(({{ q2 }} / nullif({{ n2 }}, 0) - ({{ m2 }}) * ({{ m2 }})) / nullif({{ n2 }}, 0), 0)), 0)
{%- endmacro %}
