{#-
  label_coverage: value the share of matured predictions with a label, baseline the
  reference's; z_score the two-proportion z of the fall.
-#}
{% macro check_label_coverage() %}
  {%- set pct = retrain_gate.format_percent -%}
  {%- set window_share = retrain_gate.safe_ratio('n_labelled', 'n_scored') -%}
  {%- set reference_share = retrain_gate.safe_ratio('reference_n_labelled', 'reference_n_scored') -%}
select
    model_id, eval_date, 'label_coverage' as check_name, 'model' as subject, 'model' as subject_type,
    segment_name, segment_value,
    {{ window_share }} as value,
    {{ reference_share }} as baseline,
    {{ retrain_gate.two_proportion_z('reference_n_labelled', 'reference_n_scored', 'n_labelled', 'n_scored') }} as z_score,
    n_scored as n_window, reference_n_scored as n_reference,
    window_start, window_end, reference_start, reference_end,
    coalesce(immature_reason, case when n_scored = 0 then 'no matured predictions in the window' end) as unusable_reason,
    {{ dbt.concat([pct(window_share), "' of matured predictions have a label vs '", pct(reference_share),
                   "' in the reference'"]) }} as evidence
from model_totals
where segment_name = '(all)' and has_labels = 1
{%- endmacro %}
