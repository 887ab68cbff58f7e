{#-
  The outcome figures of a set of predictions, from the sums of the daily outcome profile
  (columns named `prefix` ~ sum name, e.g. w_n_positive), as `name_prefix` ~ figure:
    observed_rate          sum_label / n_labelled: the positive rate (regression: the mean label)
    expected_rate          sum_score / n_labelled: what the model's scores expect (its mean)
    observed_to_expected   sum_label / sum_score (O/E)
    calibration_z          binary: (O - E) / sqrt(sum p (1 - p)), sum p (1 - p) = sum_score -
                           sum_score_sq: O's standard deviation if the scores were calibrated
                           probabilities; regression (`is_regression`, a SQL expression, is 1):
                           (O - E) / sqrt(n s^2), s^2 = sum_sq_error / n - bias^2 the residuals'
                           variance
    bias                   (sum_label - sum_score) / n_labelled: the mean residual
    mean_abs_error         sum_abs_error / n_labelled (MAE)
    root_mean_sq_error     sqrt(sum_sq_error / n_labelled) (RMSE)
    loss_ratio             sum_loss / sum_exposure
    loss_ratio_se          the ratio estimator's standard error,
                           sqrt(n / (n - 1) * (sum l^2 - 2 R sum l e + R^2 sum e^2)) / sum e
    proxy_rate             n_proxy_positive / n_proxy
    target_per_proxy       n_proxy_target / n_proxy_positive
  Each is null where its denominator is 0 (loss_ratio_se: with fewer than 2 losses).
-#}
{% macro outcome_figures(prefix, name_prefix, is_regression) %}
  {%- set double = retrain_gate.type_double() -%}
  {%- set p = prefix -%}
  {%- set ratio = 'cast(' ~ p ~ 'sum_loss as ' ~ double ~ ') / nullif(' ~ p ~ 'sum_exposure, 0)' -%}
  {%- set residual = '(' ~ p ~ 'sum_label - ' ~ p ~ 'sum_score)' -%}
  {{ p }}sum_label / nullif({{ p }}n_labelled, 0) as {{ name_prefix }}observed_rate,
  {{ p }}sum_score / nullif({{ p }}n_labelled, 0) as {{ name_prefix }}expected_rate,
  {{ p }}sum_label / nullif({{ p }}sum_score, 0) as {{ name_prefix }}observed_to_expected,
  {{ residual }} / nullif(sqrt(greatest(case
    when {{ is_regression }} = 1 then {{ p }}sum_sq_error - {{ residual }} * {{ residual }} / nullif({{ p }}n_labelled, 0)
    else {{ p }}sum_score - {{ p }}sum_score_sq
  end, 0)), 0) as {{ name_prefix }}calibration_z,
  {{ residual }} / nullif({{ p }}n_labelled, 0) as {{ name_prefix }}bias,
  {{ p }}sum_abs_error / nullif({{ p }}n_labelled, 0) as {{ name_prefix }}mean_abs_error,
  sqrt({{ p }}sum_sq_error / nullif({{ p }}n_labelled, 0)) as {{ name_prefix }}root_mean_sq_error,
  {{ ratio }} as {{ name_prefix }}loss_ratio,
  -- one loss has no spread to estimate: null, not 0
  case when {{ p }}n_loss > 1 then sqrt(greatest(
    {{ p }}n_loss * 1.0 / ({{ p }}n_loss - 1)
    * ({{ p }}sum_loss_sq - 2 * ({{ ratio }}) * {{ p }}sum_loss_exposure + ({{ ratio }}) * ({{ ratio }}) * {{ p }}sum_exposure_sq), 0
  )) / nullif({{ p }}sum_exposure, 0) end as {{ name_prefix }}loss_ratio_se,
  cast({{ p }}n_proxy_positive as {{ double }}) / nullif({{ p }}n_proxy, 0) as {{ name_prefix }}proxy_rate,
  cast({{ p }}n_proxy_target as {{ double }}) / nullif({{ p }}n_proxy_positive, 0) as {{ name_prefix }}target_per_proxy
{%- endmacro %}
