{#-
  error_growth (regression models): value the window's mean absolute error, baseline the
  reference's; z_score (MAE - MAE0) / sqrt(Var MAE + Var MAE0), Var MAE = (sum e^2 / n -
  MAE^2) / n, the variance of a mean of the |residuals| e (rows independent). Signed: only a
  growth can reach min_z. The RMSE of both sides is in the evidence; the status follows the MAE,
  whose variance needs no fourth moment of a heavy-tailed target (docs/regression.md).
-#}
{% macro check_error_growth() %}
  {%- set num = retrain_gate.format_number -%}
  {%- set sides = {} -%}
  {%- for side in ['', 'reference_'] -%}
    {%- do sides.update({side: {
      'mae': retrain_gate.safe_ratio(side ~ 'sum_abs_error', side ~ 'n_labelled'),
      'rmse': 'sqrt(' ~ retrain_gate.safe_ratio(side ~ 'sum_sq_error', side ~ 'n_labelled') ~ ')',
      'variance': '(' ~ side ~ 'sum_sq_error - ' ~ side ~ 'sum_abs_error * ' ~ side ~ 'sum_abs_error / nullif(' ~ side
                  ~ 'n_labelled, 0)) / nullif(' ~ side ~ 'n_labelled * ' ~ side ~ 'n_labelled, 0)'}}) -%}
  {%- endfor -%}
select
    model_id, eval_date, 'error_growth' as check_name, 'model' as subject, 'model' as subject_type,
    segment_name, segment_value,
    {{ sides[''].mae }} as value,
    {{ sides['reference_'].mae }} as baseline,
    ({{ sides[''].mae }} - ({{ sides['reference_'].mae }}))
    / nullif(sqrt(greatest({{ sides[''].variance }} + {{ sides['reference_'].variance }}, 0)), 0) as z_score,
    n_labelled as n_window, reference_n_labelled as n_reference,
    window_start, window_end, reference_start, reference_end,
    coalesce(immature_reason, case
        when n_labelled = 0 then 'no matured labels in the window'
        when reference_n_labelled = 0 then 'no matured labels in the reference'
    end) as unusable_reason,
    {{ dbt.concat(["'MAE '", num(sides[''].mae, 4), "' vs '", num(sides['reference_'].mae, 4), "' in the reference (x'",
                   "coalesce(" ~ num('(' ~ sides[''].mae ~ ') / nullif(' ~ sides['reference_'].mae ~ ', 0)', 2) ~ ", 'n/a')",
                   "'); RMSE '", num(sides[''].rmse, 4), "' vs '", num(sides['reference_'].rmse, 4)]) }} as evidence
from model_totals
where segment_name = '(all)' and has_labels = 1 and is_regression = 1
{%- endmacro %}
