{#-
  rank_order, per band b below the top: value observed_rate(b) - observed_rate(b + 1)
  (positive: band b, scored lower, has more positives, or a higher mean label: an inversion),
  baseline the reference's, z_score value / its standard error sqrt(v_b / n_b + v_(b+1) /
  n_(b+1)), v the labels' variance in the band (sum y^2 / n - mean^2: r (1 - r) for 0/1
  labels).
-#}
{% macro check_rank_order() %}
  {%- set text = dbt.type_string() -%}
  {%- set pct = retrain_gate.format_percent -%}
select
    model_id, eval_date, 'rank_order' as check_name,
    {{ dbt.concat(["'band '", 'cast(band as ' ~ text ~ ')']) }} as subject, 'band' as subject_type,
    segment_name, segment_value, observed_rate - next_observed_rate as value,
    reference_observed_rate - next_reference_observed_rate as baseline,
    (observed_rate - next_observed_rate) / nullif(sqrt(
        label_variance / nullif(n_labelled, 0) + next_label_variance / nullif(next_n_labelled, 0)
    ), 0) as z_score,
    least(n_labelled, next_n_labelled) as n_window, least(reference_n_labelled, next_reference_n_labelled) as n_reference,
    window_start, window_end, reference_start, reference_end,
    coalesce(
        immature_reason, case when n_labelled = 0 or next_n_labelled = 0 then 'no matured labels in the band or the next' end
    ) as unusable_reason,
    {{ dbt.concat(["'observed '", pct('observed_rate'), "' in band '", 'cast(band as ' ~ text ~ ')', "' vs '",
                   pct('next_observed_rate'), "' in band '", 'cast(next_band as ' ~ text ~ ')', "' above it'"]) }} as evidence
from adjacent
where next_band is not null and has_labels = 1
{%- endmacro %}
