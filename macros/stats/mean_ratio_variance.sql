{#-
  The sampling variance of a regression model's O/E, R = sum y / sum p, over the labelled
  predictions whose sums carry `prefix` (e.g. reference_): the predictions p taken as given,
  sum y varies by the residuals' variance s^2 = sum (y - p)^2 / n - bias^2 per row, so
  Var(R) = n s^2 / (sum p)^2 = (sum (y - p)^2 - (sum y - sum p)^2 / n) / (sum p)^2.
  Rows are taken as independent (docs/regression.md). Null without labels or with sum p = 0.
-#}
{% macro mean_ratio_variance(prefix='') %}
  {%- set p = prefix -%}
  {%- set residual = '(' ~ p ~ 'sum_label - ' ~ p ~ 'sum_score)' -%}
  {{ return('greatest(' ~ p ~ 'sum_sq_error - ' ~ residual ~ ' * ' ~ residual ~ ' / nullif(' ~ p ~ 'n_labelled, 0), 0) / nullif('
            ~ p ~ 'sum_score * ' ~ p ~ 'sum_score, 0)') }}
{% endmacro %}
