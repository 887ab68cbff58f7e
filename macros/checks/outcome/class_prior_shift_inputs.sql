{#-
  class_prior_shift's CTE ranked_class_priors: per multiclass model, evaluation date and class
  (and '(other)': labels naming no class), from the daily class profiles, on each side (the
  window, and the reference: reference_*) the labelled predictions n, the labels of the class
  k, the sum of its probability e and of its squared residuals q; the residual share
  r = (k - e) / n (the labels' share beyond what the probabilities expect) and its variance
  (q / n - r^2) / n; the change d = r - r_reference and its z, d / sqrt(var + var_reference);
  and the class's rank by |z| (1: the class that moved most).
-#}
{% macro check_class_prior_shift_inputs() %}
  {%- set sides = ['', 'reference_'] -%}
  {%- set residual, variance = {}, {} -%}
  {%- for side in sides -%}
    {%- do residual.update({side: retrain_gate.safe_ratio(side ~ 'n_label - ' ~ side ~ 'sum_probability', side ~ 'n_labelled')}) -%}
    {%- do variance.update({side: 'greatest(' ~ retrain_gate.safe_ratio(side ~ 'sum_sq_residual', side ~ 'n_labelled') ~ ' - (' ~ residual[side]
        ~ ') * (' ~ residual[side] ~ '), 0) / nullif(' ~ side ~ 'n_labelled, 0)'}) -%}
  {%- endfor -%}
class_counts as (
    {{ retrain_gate.window_and_reference_sums(ref('int_retrain_gate__daily_class_profile'), ['class_name'],
        {'n_labelled': 'profiles.n_labelled', 'n_label': 'profiles.n_label', 'n_predicted': 'profiles.n_predicted',
         'sum_probability': 'profiles.sum_probability', 'sum_sq_residual': 'profiles.sum_sq_residual'}) }}
),

class_priors as (
    select
        class_counts.*,
        {%- for side in sides %}
        {{ retrain_gate.safe_ratio(side ~ 'n_label', side ~ 'n_labelled') }} as {{ side }}label_share,
        {{ retrain_gate.safe_ratio(side ~ 'sum_probability', side ~ 'n_labelled') }} as {{ side }}expected_share,
        {{ retrain_gate.safe_ratio(side ~ 'n_predicted', side ~ 'n_labelled') }} as {{ side }}predicted_share,
        {%- endfor %}
        ({{ residual[''] }}) - ({{ residual['reference_'] }}) as change,
        (({{ residual[''] }}) - ({{ residual['reference_'] }}))
        / nullif(sqrt({{ variance[''] }} + {{ variance['reference_'] }}), 0) as z
    from class_counts
),

ranked_class_priors as (
    select
        class_priors.*,
        row_number() over (
            partition by model_id, eval_date order by coalesce(abs(z), -1) desc, class_name
        ) as z_rank
    from class_priors
)
{%- endmacro %}
