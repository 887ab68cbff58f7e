{#-
  ranking_quality's CTE ranking_means, which position_calibration reads too: per ranking
  model, evaluation date, metric and rank position, from the daily ranking profiles, on each
  side (the window, and the reference: reference_*) the count n, the mean m = sum / n, and
  two z of the window mean against the reference's: z, Welch's (two_mean_z; each side's
  variance sum_sq / n - m^2 over n), and null_z, (m - m0) / sqrt(v0 / n + v0 / n0) with v0 the
  reference's variance on both sides: the variance if nothing changed, which a window of
  nearly all zeros (a rarely relevant position) cannot shrink.
-#}
{% macro check_ranking_quality_inputs() %}
ranking_sums as (
    {{ retrain_gate.window_and_reference_sums(ref('int_retrain_gate__daily_ranking_profile'), ['metric', 'rank_position'],
        {'n': 'profiles.n', 'sum_value': 'profiles.sum_value', 'sum_sq_value': 'profiles.sum_sq_value'}) }}
),

ranking_means as (
    select
        ranking_sums.*,
        {{ retrain_gate.safe_ratio('sum_value', 'n') }} as mean_value,
        {{ retrain_gate.safe_ratio('reference_sum_value', 'reference_n') }} as reference_mean_value,
        {{ retrain_gate.two_mean_z('sum_value', 'sum_sq_value', 'n', 'reference_sum_value', 'reference_sum_sq_value', 'reference_n') }} as z,
        ({{ retrain_gate.safe_ratio('sum_value', 'n') }} - {{ retrain_gate.safe_ratio('reference_sum_value', 'reference_n') }})
        / nullif(sqrt(greatest(
            {{ retrain_gate.safe_ratio('reference_sum_sq_value', 'reference_n') }}
            - {{ retrain_gate.safe_ratio('reference_sum_value', 'reference_n') }} * {{ retrain_gate.safe_ratio('reference_sum_value', 'reference_n') }}, 0)
            * ({{ retrain_gate.safe_ratio('1', 'n') }} + {{ retrain_gate.safe_ratio('1', 'reference_n') }})), 0) as null_z
    from ranking_sums
)
{%- endmacro %}
