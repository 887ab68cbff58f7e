{#-
  estimated_calibration, per band: value the O/E the evaluation date's own window of scores
  should have in the band under the reference's calibration map, A / B (the map's positives
  over the positives the scores expect, at each bin's mean reference score), baseline the same
  on the reference's scores; z_score |value - baseline| / sqrt(V_scores + V_map), V_scores =
  sum n_b w_b^2 (r_b - R s_b)^2 / B^2 for the window and the reference, V_map over the map's
  blocks (docs/estimated.md). It moves only when the scores move inside the band. Reported
  for the reader (category none). From the CTE band_estimates
  (check_estimated_calibration_inputs).
-#}
{% macro check_estimated_calibration() %}
  {%- set num = retrain_gate.format_number -%}
  {%- set text = dbt.type_string() -%}
select
    band_estimates.model_id, band_estimates.eval_date, 'estimated_calibration' as check_name,
    {{ dbt.concat(["'band '", 'cast(band_estimates.band as ' ~ text ~ ')']) }} as subject, 'band' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value, band_estimates.value, band_estimates.baseline,
    -- a band the mix cannot move (one bin, or one rate per expected score) has no change and
    -- no variance: its 0 / 0 is rounding, not evidence
    case
        when sqrt(band_estimates.variance_scores + band_estimates.variance_map) > 1e-9 * abs(band_estimates.baseline)
            then abs(band_estimates.value - band_estimates.baseline)
            / sqrt(band_estimates.variance_scores + band_estimates.variance_map)
    end as z_score,
    cast(round(band_estimates.n_window) as {{ dbt.type_bigint() }}) as n_window,
    cast(round(band_estimates.n_reference) as {{ dbt.type_bigint() }}) as n_reference,
    {{ retrain_gate.add_days('band_estimates.eval_date', '1 - settings.window_days') }} as window_start,
    band_estimates.eval_date as window_end,
    eval_dates.reference_start, eval_dates.reference_end,
    case
        when settings.maturity_days = 0
            then 'the window''s labels are matured on the day (maturity_days 0): calibration judges the band'
        when band_estimates.value is null or band_estimates.baseline is null
            then 'no scores in the band, in the window or the reference'
    end as unusable_reason,
    {{ dbt.concat(["'estimated O/E '", num('band_estimates.value', 3), "' vs '", num('band_estimates.baseline', 3),
                   "' on the reference''s scores in the band; se of the change '",
                   num('sqrt(band_estimates.variance_scores + band_estimates.variance_map)', 3)]) }} as evidence
from band_estimates
inner join eval_dates on band_estimates.model_id = eval_dates.model_id and band_estimates.eval_date = eval_dates.eval_date
inner join settings on band_estimates.model_id = settings.model_id
{%- endmacro %}
