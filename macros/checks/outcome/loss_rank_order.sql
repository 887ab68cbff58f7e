{#-
  loss_rank_order: rank_order on loss ratios, per band b below the top: value
  loss_ratio(b) - loss_ratio(b + 1), baseline the reference's, z_score value / its standard
  error sqrt(se_b^2 + se_(b+1)^2).
-#}
{% macro check_loss_rank_order() %}
  {%- set text = dbt.type_string() -%}
  {%- set num = retrain_gate.format_number -%}
select
    model_id, eval_date, 'loss_rank_order' as check_name,
    {{ dbt.concat(["'band '", 'cast(band as ' ~ text ~ ')']) }} as subject, 'band' as subject_type,
    segment_name, segment_value, loss_ratio - next_loss_ratio as value,
    reference_loss_ratio - next_reference_loss_ratio as baseline,
    (loss_ratio - next_loss_ratio)
    / nullif(sqrt(loss_ratio_se * loss_ratio_se + next_loss_ratio_se * next_loss_ratio_se), 0) as z_score,
    least(n_loss, next_n_loss) as n_window, least(reference_n_loss, next_reference_n_loss) as n_reference,
    window_start, window_end, reference_start, reference_end,
    coalesce(
        immature_reason, case when n_loss = 0 or next_n_loss = 0 then 'no matured losses in the band or the next' end
    ) as unusable_reason,
    {{ dbt.concat(["'loss ratio '", num('loss_ratio', 3), "' in band '", 'cast(band as ' ~ text ~ ')', "' vs '",
                   num('next_loss_ratio', 3), "' in band '", 'cast(next_band as ' ~ text ~ ')', "' above it'"]) }} as evidence
from adjacent
where next_band is not null and has_loss = 1
{%- endmacro %}
