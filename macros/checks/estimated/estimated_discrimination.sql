{#-
  estimated_discrimination: value the AUC the evaluation date's own window of scores should
  have under the reference's calibration map, baseline the same estimate on the reference's
  scores (estimated_auc_terms, estimate_comparison 'recent'); z_score (baseline - value) /
  sqrt(variance_scores + variance_map): both histograms' sampling and the map's error in the
  change. A drop here is the population moving into scores the model ranks less well, seen
  before any label of the window matures. Not judged when labels mature the same day
  (maturity_days 0: discrimination judges the window), nor when more than max_unmapped_share
  of the window's scores fall in bins where the reference has no label.
-#}
{% macro check_estimated_discrimination() %}
  {%- set num = retrain_gate.format_number -%}
select
    recent.model_id, recent.eval_date, 'estimated_discrimination' as check_name,
    'model' as subject, 'model' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value, recent.estimate as value, recent.reference_estimate as baseline,
    (recent.reference_estimate - recent.estimate) / nullif(sqrt(recent.variance_scores + recent.variance_map), 0) as z_score,
    recent.n_window, recent.n_reference,
    {{ retrain_gate.add_days('recent.eval_date', '1 - settings.window_days') }} as window_start, recent.eval_date as window_end,
    eval_dates.reference_start, eval_dates.reference_end,
    {{ retrain_gate.estimate_unusable_reason('recent', "'the window''s labels are matured on the day (maturity_days 0): discrimination judges it'") }}
        as unusable_reason,
    {{ dbt.concat(["'estimated AUC '", num('recent.estimate', 4), "' vs '", num('recent.reference_estimate', 4),
                   "' on the reference''s scores, through the same calibration map; se of the change '",
                   num('sqrt(recent.variance_scores + recent.variance_map)', 4), "' (scores '", num('sqrt(recent.variance_scores)', 4),
                   "', map '", num('sqrt(recent.variance_map)', 4), "'); the realized AUC should fall within '",
                   num('1.96 * sqrt(recent.variance_labels + recent.variance_map_window)', 4), "' of the estimate'"]) }} as evidence
from recent
inner join eval_dates on recent.model_id = eval_dates.model_id and recent.eval_date = eval_dates.eval_date
inner join settings on recent.model_id = settings.model_id
{%- endmacro %}
