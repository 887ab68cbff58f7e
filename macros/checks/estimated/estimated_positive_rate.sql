{#-
  estimated_positive_rate: value the positive rate the evaluation date's own window of scores
  should have under the reference's calibration map, sum n_b r_b / n, baseline the same on the
  reference's scores (estimate_comparison 'recent'); z_score |value - baseline| /
  sqrt(rate_variance_scores + rate_variance_map). Reported for the reader (category none: no
  verdict of its own); not judged under the same conditions as estimated_discrimination.
-#}
{% macro check_estimated_positive_rate() %}
  {%- set pct = retrain_gate.format_percent -%}
  {%- set num = retrain_gate.format_number -%}
select
    recent.model_id, recent.eval_date, 'estimated_positive_rate' as check_name,
    'model' as subject, 'model' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value, recent.rate as value, recent.reference_rate as baseline,
    abs(recent.rate - recent.reference_rate) / nullif(sqrt(recent.rate_variance_scores + recent.rate_variance_map), 0) as z_score,
    recent.n_window, recent.n_reference,
    {{ retrain_gate.add_days('recent.eval_date', '1 - settings.window_days') }} as window_start, recent.eval_date as window_end,
    eval_dates.reference_start, eval_dates.reference_end,
    {{ retrain_gate.estimate_unusable_reason('recent', "'the window''s labels are matured on the day (maturity_days 0): its observed rate is known'") }}
        as unusable_reason,
    {{ dbt.concat(["'estimated positive rate '", pct('recent.rate'), "' vs '", pct('recent.reference_rate'),
                   "' on the reference''s scores; se of the change '",
                   num('100 * sqrt(recent.rate_variance_scores + recent.rate_variance_map)', 2), "' pts'"]) }} as evidence
from recent
inner join eval_dates on recent.model_id = eval_dates.model_id and recent.eval_date = eval_dates.eval_date
inner join settings on recent.model_id = settings.model_id
{%- endmacro %}
