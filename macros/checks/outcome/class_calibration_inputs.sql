{#-
  class_calibration's CTE ranked_class_bands: per multiclass model, evaluation date, class and
  band of the class's probability, from the daily class profiles, on each side (the window, and
  the reference: reference_*) the labelled predictions n, those labelled with the class o and
  the sum of its probability e. The bands are `class_bands` quantile bands of the reference's
  class probability, unions of its histogram bins: a bin's band is 1 + floor(B x the
  reference's share of the class's predictions in the bins below it), at most B. Per band:
  O/E = o / e each side, its change R = (o / e) / (o0 / e0), and
  z = |R - 1| / sqrt((1 - q) / (n q) + (1 - r0) / (n0 r0)), r0 = o0 / n0 and q = r0 (e / n) /
  (e0 / n0) the window rate an unchanged O/E predicts: calibration's z, one-vs-rest. A band is
  judged when the reference holds min_positives labels of the class in it and the window is
  expected to (n q); the judged band of the largest z ranks first.
-#}
{% macro check_class_calibration_inputs() %}
  {%- set window_rate = retrain_gate.safe_ratio('reference_o', 'reference_n') ~ ' * ' ~ retrain_gate.safe_ratio('e', 'n')
      ~ ' / nullif(' ~ retrain_gate.safe_ratio('reference_e', 'reference_n') ~ ', 0)' -%}
class_bin_sums as (
    {{ retrain_gate.window_and_reference_sums(ref('int_retrain_gate__daily_class_profile'), ['class_name', 'score_bin'],
        {'n': 'profiles.n_labelled', 'o': 'profiles.n_label', 'e': 'profiles.sum_probability'}, "profiles.class_name != '(other)'") }}
),

class_band_sums as (
    select
        model_id,
        eval_date,
        class_name,
        band,
        {%- for side in ['', 'reference_'] %}
        sum({{ side }}n) as {{ side }}n,
        sum({{ side }}o) as {{ side }}o,
        sum({{ side }}e) as {{ side }}e{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select
            sums.*,
            least(settings.class_bands, cast(floor(settings.class_bands * coalesce(sum(sums.reference_n) over (
                partition by sums.model_id, sums.eval_date, sums.class_name order by sums.score_bin
                rows between unbounded preceding and 1 preceding
            ), 0) / nullif(sum(sums.reference_n) over (partition by sums.model_id, sums.eval_date, sums.class_name), 0)) as {{ dbt.type_int() }}) + 1) as band
        from class_bin_sums as sums
        inner join settings on sums.model_id = settings.model_id
    ) as binned
    group by model_id, eval_date, class_name, band
),

class_band_changes as (
    select
        bands.*,
        {{ retrain_gate.safe_ratio('bands.o', 'bands.e') }} as observed_to_expected,
        {{ retrain_gate.safe_ratio('bands.reference_o', 'bands.reference_e') }} as reference_observed_to_expected,
        {{ retrain_gate.safe_ratio('bands.e', 'bands.n') }} as expected_rate,
        {{ retrain_gate.safe_ratio('bands.o', 'bands.n') }} as observed_rate,
        {{ retrain_gate.safe_ratio('bands.reference_o', 'bands.reference_n') }} as reference_observed_rate,
        {{ window_rate }} as null_rate,
        case
            when bands.reference_o >= settings.min_positives and bands.n * ({{ window_rate }}) >= settings.min_positives
                then 1
            else 0
        end as is_judged
    from class_band_sums as bands
    inner join settings on bands.model_id = settings.model_id
),

class_band_z as (
    select
        changes.*,
        {{ retrain_gate.oe_change_z('changes.observed_to_expected / nullif(changes.reference_observed_to_expected, 0)', 'changes.n',
                                    'changes.null_rate', 'changes.reference_observed_rate', 'changes.reference_n') }} as z
    from class_band_changes as changes
),

ranked_class_bands as (
    select
        class_band_z.*,
        row_number() over (
            partition by model_id, eval_date order by is_judged desc, coalesce(z, -1) desc, class_name, band
        ) as z_rank
    from class_band_z
)
{%- endmacro %}
