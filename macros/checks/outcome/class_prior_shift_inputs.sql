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
  {%- set inside = {'': ('frames.window_start', 'frames.window_end'), 'reference_': ('frames.reference_start', 'frames.reference_end')} -%}
  {%- set residual, variance = {}, {} -%}
  {%- for side in inside -%}
    {%- do residual.update({side: retrain_gate.safe_ratio(side ~ 'n_label - ' ~ side ~ 'sum_probability', side ~ 'n_labelled')}) -%}
    {%- do variance.update({side: 'greatest(' ~ retrain_gate.safe_ratio(side ~ 'sum_sq_residual', side ~ 'n_labelled') ~ ' - (' ~ residual[side]
        ~ ') * (' ~ residual[side] ~ '), 0) / nullif(' ~ side ~ 'n_labelled, 0)'}) -%}
  {%- endfor -%}
class_counts as (
    select
        frames.model_id,
        frames.eval_date,
        profiles.class_name
        {%- for side, bounds in inside.items() %}
        {%- for name in ['n_labelled', 'n_label', 'n_predicted', 'sum_probability', 'sum_sq_residual'] %},
        sum(case when profiles.profile_date between {{ bounds[0] }} and {{ bounds[1] }} then profiles.{{ name }} else 0 end) as {{ side ~ name }}
        {%- endfor %}
        {%- endfor %}
    from frames
    inner join {{ ref('int_retrain_gate__daily_class_profile') }} as profiles
        on
            frames.model_id = profiles.model_id
            and (
                profiles.profile_date between frames.window_start and frames.window_end
                or profiles.profile_date between frames.reference_start and frames.reference_end
            )
    group by frames.model_id, frames.eval_date, profiles.class_name
),

class_priors as (
    select
        class_counts.*,
        {%- for side in inside %}
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
