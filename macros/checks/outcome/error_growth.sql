{#-
  error_growth (regression models): value the window's mean absolute error, baseline the MAE
  the reference's errors give the window's mix of predictions (CTE error_by_mix: each band's
  reference MAE weighted by the band's share of the window's labels), so that a population
  moving to larger predictions, with larger errors in proportion, is not an error growth.
  z_score (value - baseline) / sqrt(var_mae + var_exp); signed: only a growth can reach min_z.
  The reference's own MAE and the RMSE of both are in the evidence (docs/regression.md).
-#}
{% macro check_error_growth() %}
  {%- set num = retrain_gate.format_number -%}
  {%- set mae = retrain_gate.safe_ratio('totals.sum_abs_error', 'totals.n_labelled') -%}
  {%- set expected = retrain_gate.safe_ratio('mix.weighted_expected', 'totals.n_labelled') -%}
  {%- set rmse = {} -%}
  {%- for side in ['', 'reference_'] -%}
    {%- do rmse.update({side: 'sqrt(' ~ retrain_gate.safe_ratio('totals.' ~ side ~ 'sum_sq_error', 'totals.' ~ side ~ 'n_labelled') ~ ')'}) -%}
  {%- endfor -%}
select
    totals.model_id, totals.eval_date, 'error_growth' as check_name, 'model' as subject, 'model' as subject_type,
    totals.segment_name, totals.segment_value,
    {{ mae }} as value,
    {{ expected }} as baseline,
    ({{ mae }} - ({{ expected }})) / nullif(sqrt(
        (mix.weighted_variance + mix.weighted_expected_variance) / nullif(totals.n_labelled * totals.n_labelled, 0)
    ), 0) as z_score,
    totals.n_labelled as n_window, totals.reference_n_labelled as n_reference,
    totals.window_start, totals.window_end, totals.reference_start, totals.reference_end,
    coalesce(totals.immature_reason, case
        when totals.n_labelled = 0 then 'no matured labels in the window'
        when mix.unmatched_labels > 0
            then {{ dbt.concat(["'matured labels in bands without reference labels ('",
                                'cast(mix.unmatched_labels as ' ~ dbt.type_string() ~ ')',
                                "'): the reference cannot say what error their predictions should have'"]) }}
    end) as unusable_reason,
    {{ dbt.concat(["'MAE '", num(mae, 4), "' vs '", num(expected, 4), "' expected for this mix of predictions (x'",
                   "coalesce(" ~ num('(' ~ mae ~ ') / nullif(' ~ expected ~ ', 0)', 2) ~ ", 'n/a')",
                   "'; the reference: '", num(retrain_gate.safe_ratio('totals.reference_sum_abs_error', 'totals.reference_n_labelled'), 4),
                   "'); RMSE '", num(rmse[''], 4), "' vs '", num(rmse['reference_'], 4)]) }} as evidence
from model_totals as totals
inner join error_by_mix as mix on totals.model_id = mix.model_id and totals.eval_date = mix.eval_date
where totals.segment_name = '(all)' and totals.has_labels = 1
{%- endmacro %}
