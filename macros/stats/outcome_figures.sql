{#-
  The outcome figures of a set of predictions, from the sums of the daily outcome profile
  (columns named `prefix` ~ sum name, e.g. w_n_positive), as `name_prefix` ~ figure:
    observed_rate          n_positive / n_labelled
    expected_rate          sum_score / n_labelled: the rate the model's scores expect
    observed_to_expected   n_positive / sum_score (O/E)
    calibration_z          (O - E) / sqrt(sum p (1 - p)), sum p (1 - p) = sum_score - sum_score_sq:
                           O's standard deviation if the scores were calibrated probabilities
    loss_ratio             sum_loss / sum_exposure
    loss_ratio_se          the ratio estimator's standard error,
                           sqrt(n / (n - 1) * (sum l^2 - 2 R sum l e + R^2 sum e^2)) / sum e
    proxy_rate             n_proxy_positive / n_proxy
    target_per_proxy       n_proxy_target / n_proxy_positive
  Each is null where its denominator is 0 (loss_ratio_se: with fewer than 2 losses).
-#}
{% macro outcome_figures(prefix, name_prefix) %}
  {%- set double = retrain_gate.type_double() -%}
  {%- set p = prefix -%}
  {%- set ratio = 'cast(' ~ p ~ 'sum_loss as ' ~ double ~ ') / nullif(' ~ p ~ 'sum_exposure, 0)' -%}
  cast({{ p }}n_positive as {{ double }}) / nullif({{ p }}n_labelled, 0) as {{ name_prefix }}observed_rate,
  {{ p }}sum_score / nullif({{ p }}n_labelled, 0) as {{ name_prefix }}expected_rate,
  {{ p }}n_positive / nullif({{ p }}sum_score, 0) as {{ name_prefix }}observed_to_expected,
  ({{ p }}n_positive - {{ p }}sum_score) / nullif(sqrt(greatest({{ p }}sum_score - {{ p }}sum_score_sq, 0)), 0) as {{ name_prefix }}calibration_z,
  {{ ratio }} as {{ name_prefix }}loss_ratio,
  -- one loss has no spread to estimate: null, not 0
  case when {{ p }}n_loss > 1 then sqrt(greatest(
    {{ p }}n_loss * 1.0 / ({{ p }}n_loss - 1)
    * ({{ p }}sum_loss_sq - 2 * ({{ ratio }}) * {{ p }}sum_loss_exposure + ({{ ratio }}) * ({{ ratio }}) * {{ p }}sum_exposure_sq), 0
  )) / nullif({{ p }}sum_exposure, 0) end as {{ name_prefix }}loss_ratio_se,
  cast({{ p }}n_proxy_positive as {{ double }}) / nullif({{ p }}n_proxy, 0) as {{ name_prefix }}proxy_rate,
  cast({{ p }}n_proxy_target as {{ double }}) / nullif({{ p }}n_proxy_positive, 0) as {{ name_prefix }}target_per_proxy
{%- endmacro %}
