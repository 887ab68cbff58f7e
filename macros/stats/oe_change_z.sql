{#-
  The z of a change R of a band's O/E against the reference's (calibration, class_calibration):
  |R - 1| / sqrt((1 - q) / (n q) + (1 - r0) / (n0 r0)), with q the window's rate an unchanged
  O/E predicts (its binomial variance under the null) and r0 the reference's observed rate over
  its n0 labels: both sides' binomial variances of log O/E, by the delta method
  (docs/statistics.md "Calibration as a change"). Null where a variance is 0 or undefined.
-#}
{% macro oe_change_z(change, n, null_rate, reference_rate, reference_n) %}
abs({{ change }} - 1) / nullif(sqrt(
    (1 - least({{ null_rate }}, 1)) / nullif({{ n }} * {{ null_rate }}, 0)
    + (1 - {{ reference_rate }}) / nullif({{ reference_n }} * {{ reference_rate }}, 0)
), 0)
{%- endmacro %}
