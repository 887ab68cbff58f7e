{#-
  band_loss_shift, per band: value the window's loss ratio, baseline the reference's; z_score
  (value - baseline) / sqrt(se^2 + se_reference^2): a band whose losses rose against what its
  predictions priced in (insufficient_data when the reference's loss ratio is not above 0: the
  rule is a factor).
-#}
{% macro check_band_loss_shift() %}
  {%- set num = retrain_gate.format_number -%}
select
    model_id, eval_date, 'band_loss_shift' as check_name,
    {{ dbt.concat(["'band '", 'cast(band as ' ~ dbt.type_string() ~ ')']) }} as subject, 'band' as subject_type,
    segment_name, segment_value, loss_ratio as value, reference_loss_ratio as baseline,
    (loss_ratio - reference_loss_ratio)
    / nullif(sqrt(loss_ratio_se * loss_ratio_se + reference_loss_ratio_se * reference_loss_ratio_se), 0) as z_score,
    n_loss as n_window, reference_n_loss as n_reference,
    window_start, window_end, reference_start, reference_end,
    coalesce(immature_reason, case
        when n_loss = 0 then 'no matured losses in the band'
        -- a factor of a zero or negative loss ratio (refunds, recoveries) says nothing about a rise
        when reference_loss_ratio <= 0 then 'the reference loss ratio of the band is not above 0: a rise factor needs a positive one'
    end) as unusable_reason,
    {{ dbt.concat(["'loss ratio '", num('loss_ratio', 3), "' vs '", "coalesce(" ~ num('reference_loss_ratio', 3) ~ ", 'n/a')",
                   "' in the reference'"]) }} as evidence
from adjacent
where has_loss = 1
{%- endmacro %}
