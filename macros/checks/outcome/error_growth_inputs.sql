{#-
  error_growth's CTE error_by_mix: per model and evaluation date (regression models, the whole
  population), the window's MAE and the MAE the reference's errors give the window's mix of
  predictions: each band's reference MAE weighted by the band's share of the window's labels
  (direct standardization), with both variances. Per band b (n labels, s = sum |e|,
  q = sum e^2; 0 the reference):
    mae       sum s_b / n
    expected  sum (n_b / n) (s0_b / n0_b)
    var_mae   sum n_b v_b / n^2,              v_b = q_b / n_b - (s_b / n_b)^2
    var_exp   sum (n_b / n)^2 v0_b / n0_b
  the band counts of the window taken as given. unmatched_labels: the window's labels in bands
  without reference labels, whose errors the reference cannot predict.
-#}
{% macro check_error_growth_inputs() %}
  {%- set variance = '(sum_sq_error / nullif(n_labelled, 0) - (sum_abs_error / nullif(n_labelled, 0)) * (sum_abs_error / nullif(n_labelled, 0)))' -%}
  {%- set reference_mae = retrain_gate.safe_ratio('reference_sum_abs_error', 'reference_n_labelled') -%}
error_by_mix as (
    select
        model_id,
        eval_date,
        sum(case when reference_n_labelled > 0 then n_labelled * ({{ reference_mae }}) end) as weighted_expected,
        sum(case when reference_n_labelled > 0 then n_labelled * n_labelled * greatest(
            reference_sum_sq_error / reference_n_labelled - ({{ reference_mae }}) * ({{ reference_mae }}), 0
        ) / reference_n_labelled end) as weighted_expected_variance,
        sum(n_labelled * greatest({{ variance }}, 0)) as weighted_variance,
        sum(case when reference_n_labelled = 0 then n_labelled else 0 end) as unmatched_labels
    from outcomes
    where segment_name = '(all)' and is_regression = 1
    group by model_id, eval_date
)
{%- endmacro %}
