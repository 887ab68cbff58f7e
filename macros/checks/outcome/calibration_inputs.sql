{#-
  calibration's CTE calibration_bands: per band, the window rate the reference's O/E predicts
  for the window's scores (null_rate, the null hypothesis: O/E unchanged), for the calibration
  change's variance.
-#}
{% macro check_calibration_inputs() %}
calibration_bands as (
    select
        adjacent.*,
        adjacent.reference_observed_rate * adjacent.expected_rate / nullif(adjacent.reference_expected_rate, 0) as null_rate
    from adjacent
)
{%- endmacro %}
