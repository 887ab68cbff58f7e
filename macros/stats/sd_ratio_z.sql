{#-
  The z of a ratio of standard deviations s1 / s2 (samples of n1 and n2 values), robust to the
  shape of the distribution: |ln(s1 / s2)| / sqrt((v(n1) + v(n2)) / 4), where
  v(n) = 2 / (n - 1) + (kurtosis - 3) / n is the large-sample variance of ln(s^2) for a
  distribution of that kurtosis (mu4 / sigma^4; Box 1953, Layard 1973), so a heavy-tailed
  feature, whose sample sd swings widely, needs a larger factor to be significant. The kurtosis
  is the reference's (under "no change" both samples share it). Null when either sd is not above
  0 (a frozen feature is frozen_values' case) or a sample has fewer than two values.
-#}
{% macro sd_ratio_z(s1, n1, s2, n2, kurtosis) %}
  {%- set double = retrain_gate.type_double() -%}
  {%- set half_variance -%}
    (2.0 / nullif({{ n1 }} - 1, 0) + ({{ kurtosis }} - 3) / cast({{ n1 }} as {{ double }})
    + 2.0 / nullif({{ n2 }} - 1, 0) + ({{ kurtosis }} - 3) / cast({{ n2 }} as {{ double }})) / 4
  {%- endset -%}
  case
    when {{ s1 }} > 0 and {{ s2 }} > 0 and {{ n1 }} > 1 and {{ n2 }} > 1
      then abs(ln({{ s1 }} / {{ s2 }})) / nullif(sqrt({{ half_variance }}), 0)
  end
{%- endmacro %}
