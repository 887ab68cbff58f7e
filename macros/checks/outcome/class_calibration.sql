{#-
  class_calibration (multiclass models): per class, the calibration of its probability by band,
  one-vs-rest: a band's O/E (labels of the class over the sum of its probability) against the
  reference's (docs/multiclass.md). value the window's O/E of the judged class-band with the
  largest z, baseline the reference's there, z_score that z (calibration's, from the CTE
  ranked_class_bands: check_class_calibration_inputs); status by the change factor, either way.
  The evidence names the class and the band.
-#}
{% macro check_class_calibration() %}
  {%- set num = retrain_gate.format_number -%}
  {%- set pct = retrain_gate.format_percent -%}
  {%- set top = 'case when bands.z_rank = 1 and bands.is_judged = 1 then ' -%}
select
    frames.model_id, frames.eval_date, 'class_calibration' as check_name, 'model' as subject, 'model' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value,
    max({{ top }}bands.observed_to_expected end) as value,
    max({{ top }}bands.reference_observed_to_expected end) as baseline,
    max({{ top }}bands.z end) as z_score,
    -- the bands of one class hold every labelled prediction once
    sum(bands.n) / nullif(count(distinct bands.class_name), 0) as n_window,
    sum(bands.reference_n) / nullif(count(distinct bands.class_name), 0) as n_reference,
    frames.window_start, frames.window_end, frames.reference_start, frames.reference_end,
    coalesce(max(frames.immature_reason), case
        when coalesce(sum(bands.n), 0) = 0 then 'no matured labels in the window'
        when sum(bands.reference_n) = 0 then 'no matured labels in the reference'
        when max(bands.is_judged) = 0
            then 'no band of a class holds min_positives of its labels, in the reference and expected in the window'
    end) as unusable_reason,
    max({{ top }}{{ dbt.concat([
        "'class '", 'bands.class_name', "', band '", 'cast(bands.band as ' ~ dbt.type_string() ~ ')', "': O/E '",
        num('bands.observed_to_expected', 2), "' vs '", num('bands.reference_observed_to_expected', 2),
        "' in the reference (labels '", pct('bands.observed_rate'), "' vs expected '", pct('bands.expected_rate'),
        "', z '", num('bands.z', 1), "')'"]) }} end) as evidence
from frames
left join ranked_class_bands as bands on frames.model_id = bands.model_id and frames.eval_date = bands.eval_date
where frames.is_multiclass = 1
group by frames.model_id, frames.eval_date, frames.window_start, frames.window_end, frames.reference_start, frames.reference_end
{%- endmacro %}
