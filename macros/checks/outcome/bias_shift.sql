{#-
  bias_shift (regression models): value the window's O/E, mean label / mean prediction =
  sum y / sum p, baseline the reference's; z_score |R - R0| / sqrt(Var R + Var R0)
  (mean_ratio_variance). The whole model's calibration: a target whose level moved (claims
  that cost more) while the predictions did not. Its bias, the mean residual, is in the
  evidence. insufficient_data when the mean prediction is not above 0 (the O/E means nothing).
-#}
{% macro check_bias_shift() %}
  {%- set num = retrain_gate.format_number -%}
  {%- set ratio = {} -%}
  {%- for side in ['', 'reference_'] -%}
    {%- do ratio.update({side: retrain_gate.safe_ratio(side ~ 'sum_label', side ~ 'sum_score')}) -%}
  {%- endfor -%}
select
    model_id, eval_date, 'bias_shift' as check_name, 'model' as subject, 'model' as subject_type,
    segment_name, segment_value,
    {{ ratio[''] }} as value,
    {{ ratio['reference_'] }} as baseline,
    abs({{ ratio[''] }} - ({{ ratio['reference_'] }}))
    / nullif(sqrt({{ retrain_gate.mean_ratio_variance() }} + {{ retrain_gate.mean_ratio_variance('reference_') }}), 0) as z_score,
    n_labelled as n_window, reference_n_labelled as n_reference,
    window_start, window_end, reference_start, reference_end,
    coalesce(immature_reason, case
        when n_labelled = 0 then 'no matured labels in the window'
        when reference_n_labelled = 0 then 'no matured labels in the reference'
        when sum_score <= 0 or reference_sum_score <= 0
            then 'the mean prediction is not above 0, in the window or the reference: its O/E means nothing'
    end) as unusable_reason,
    {{ dbt.concat(["'O/E '", num(ratio[''], 3), "' vs '", num(ratio['reference_'], 3), "' in the reference; bias '",
                   num(retrain_gate.safe_ratio('sum_label - sum_score', 'n_labelled'), 4), "' vs '",
                   num(retrain_gate.safe_ratio('reference_sum_label - reference_sum_score', 'reference_n_labelled'), 4),
                   "' (mean label minus mean prediction)'"]) }} as evidence
from model_totals
where segment_name = '(all)' and has_labels = 1 and is_regression = 1
{%- endmacro %}
