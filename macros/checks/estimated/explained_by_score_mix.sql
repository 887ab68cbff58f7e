{#-
  explained_by_score_mix, on the matured outcome window: value how far the realized AUC fell
  below the AUC the window's labelled scores should have under the reference's calibration map,
  in standard errors, (estimate - realized) / sqrt(variance_labels + variance_map_window)
  (estimate_comparison 'matured'); baseline that estimate; z_score the estimated change alone,
  (reference_estimate - estimate) / sqrt(variance_scores + variance_map). Its rule is at_most
  with min_z: it flags when the score mix predicts a significant drop and the realized AUC is
  where the prediction said (the population moved into scores the model always ranked less
  well, while P(label | score) held). A realized AUC far below the estimate is not explained:
  the relationship changed, and discrimination's damage stands. Category explains: no verdict
  of its own; on a date it is at least warn, persistent outcome damage is investigate
  (retrain_gate_decisions). From the CTEs matured, realized_auc (discrimination's value) and
  band_shift (check_explained_by_score_mix_inputs).
-#}
{% macro check_explained_by_score_mix() %}
  {%- set num = retrain_gate.format_number -%}
  {%- set pct = retrain_gate.format_percent -%}
  {%- set text = dbt.type_string() -%}
select
    matured.model_id, matured.eval_date, 'explained_by_score_mix' as check_name,
    'model' as subject, 'model' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value,
    (matured.estimate - realized_auc.auc) / nullif(sqrt(matured.variance_labels + matured.variance_map_window), 0) as value,
    matured.estimate as baseline,
    (matured.reference_estimate - matured.estimate) / nullif(sqrt(matured.variance_scores + matured.variance_map), 0) as z_score,
    matured.n_window, matured.n_reference,
    eval_dates.window_start, eval_dates.window_end, eval_dates.reference_start, eval_dates.reference_end,
    case
        when {{ retrain_gate.days_between('eval_dates.window_start', 'eval_dates.window_end') }} + 1 < settings.window_days
            then 'the outcome window is not full yet'
        when matured.unmapped_share > settings.max_unmapped_share
            then {{ dbt.concat(["'matured window: '", pct('matured.unmapped_share'),
                                "' of the labelled scores fall in bins where the reference has no label (at most '",
                                pct('settings.max_unmapped_share'), "')'"]) }}
        when realized_auc.auc is null then 'no positives or no negatives among the matured labels of the window'
        when matured.estimate is null or matured.reference_estimate is null
            then 'the calibration map expects no positives or no negatives in the window or the reference'
    end as unusable_reason,
    {{ dbt.concat(["'realized AUC '", num('realized_auc.auc', 4), "' vs '", num('matured.estimate', 4),
                   "' estimated from the window''s scores (se '", num('sqrt(matured.variance_labels + matured.variance_map_window)', 4),
                   "'); the score mix alone moves the estimate from '", num('matured.reference_estimate', 4),
                   "' on the reference''s scores; the largest move: band '", 'cast(band_shift.band as ' ~ text ~ ')',
                   "' from '", pct('band_shift.reference_share'), "' to '", pct('band_shift.window_share'), "' of the labels'"]) }}
        as evidence
from matured
inner join eval_dates on matured.model_id = eval_dates.model_id and matured.eval_date = eval_dates.eval_date
inner join settings on matured.model_id = settings.model_id
left join realized_auc on matured.model_id = realized_auc.model_id and matured.eval_date = realized_auc.eval_date
left join band_shift on matured.model_id = band_shift.model_id and matured.eval_date = band_shift.eval_date
{%- endmacro %}
