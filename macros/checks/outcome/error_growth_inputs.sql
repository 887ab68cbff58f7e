{#-
  error_growth's CTE error_by_mix: per model and evaluation date (regression models, the whole
  population), from the band outcomes, the sums behind the MAE the reference's errors give the
  window's mix of predictions (direct standardization: each band's reference MAE weighted by
  the band's share of the window's labels) and behind both variances. Per band b (n labels,
  s = sum |e|, q = sum e^2; 0 the reference; v = q / n - (s / n)^2 the variance of |e|):
    weighted_expected           sum n_b (s0_b / n0_b)          expected MAE x n
    weighted_variance           sum n_b v_b                    Var MAE x n^2
    weighted_expected_variance  sum n_b^2 v0_b / n0_b          Var expected x n^2
  the band counts of the window taken as given. unmatched_labels: the window's labels in bands
  without reference labels, whose errors the reference cannot predict.
-#}
{% macro check_error_growth_inputs() %}
  {%- set variance = {} -%}
  {%- for side in ['', 'reference_'] -%}
    {%- set mae = '(' ~ retrain_gate.safe_ratio(side ~ 'sum_abs_error', side ~ 'n_labelled') ~ ')' -%}
    {%- do variance.update({side: 'greatest(' ~ side ~ 'sum_sq_error / nullif(' ~ side ~ 'n_labelled, 0) - ' ~ mae ~ ' * ' ~ mae ~ ', 0)'}) -%}
  {%- endfor -%}
  {%- set reference_mae = retrain_gate.safe_ratio('reference_sum_abs_error', 'reference_n_labelled') -%}
error_by_mix as (
    select
        model_id,
        eval_date,
        sum(case when reference_n_labelled > 0 then n_labelled * ({{ reference_mae }}) end) as weighted_expected,
        sum(case when reference_n_labelled > 0
            then n_labelled * n_labelled * {{ variance['reference_'] }} / reference_n_labelled end) as weighted_expected_variance,
        sum(n_labelled * {{ variance[''] }}) as weighted_variance,
        sum(case when reference_n_labelled = 0 then n_labelled else 0 end) as unmatched_labels
    from outcomes
    where segment_name = '(all)' and is_regression = 1
    group by model_id, eval_date
)
{%- endmacro %}
