{#-
  mix_attribution (family trust, computed here beside the labels), per segment column: value
  |mix| / (|mix| + |within|), the share of the change in the observed rate that comes from
  segment shares moving (mix, sum (w_s - w0_s) (r_s + r0_s) / 2) rather than rates moving
  inside segments (within, sum (r_s - r0_s) (w_s + w0_s) / 2); mix + within is the change
  exactly. A segment on one side only takes the other side's rate (its change is all mix).
  z_score: the two-proportion z of the change (regression: Welch's z of the mean label,
  two_mean_z). From the CTE segment_effects
  (check_mix_attribution_inputs).
-#}
{% macro check_mix_attribution() %}
  {%- set pct = retrain_gate.format_percent -%}
  {%- set num = retrain_gate.format_number -%}
select
    effects.model_id, effects.eval_date, 'mix_attribution' as check_name,
    effects.segment_name as subject, 'segment' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value,
    abs(effects.mix_effect) / nullif(abs(effects.mix_effect) + abs(effects.within_effect), 0) as value,
    cast(null as {{ retrain_gate.type_double() }}) as baseline,
    abs(case
        when totals.is_regression = 1 then {{ retrain_gate.two_mean_z(
            'totals.sum_label', 'totals.sum_label_sq', 'totals.n_labelled',
            'totals.reference_sum_label', 'totals.reference_sum_label_sq', 'totals.reference_n_labelled') }}
        else {{ retrain_gate.two_proportion_z('totals.n_positive', 'totals.n_labelled',
                                              'totals.reference_n_positive', 'totals.reference_n_labelled') }}
    end) as z_score,
    totals.n_labelled as n_window, totals.reference_n_labelled as n_reference,
    totals.window_start, totals.window_end, totals.reference_start, totals.reference_end,
    coalesce(totals.immature_reason, case when totals.n_labelled = 0 then 'no matured labels in the window' end) as unusable_reason,
    case
        when totals.is_regression = 1 then {{ dbt.concat([
            "'mean label '", num(retrain_gate.safe_ratio('totals.reference_sum_label', 'totals.reference_n_labelled'), 4),
            "' -> '", num(retrain_gate.safe_ratio('totals.sum_label', 'totals.n_labelled'), 4),
            "': '", num('effects.mix_effect', 4), "' from the mix of '", 'effects.segment_name',
            "', '", num('effects.within_effect', 4), "' within its segments'"]) }}
        else {{ dbt.concat([
            "'observed rate '", pct(retrain_gate.safe_ratio('totals.reference_n_positive', 'totals.reference_n_labelled')),
            "' -> '", pct(retrain_gate.safe_ratio('totals.n_positive', 'totals.n_labelled')),
            "': '", num('100 * effects.mix_effect', 2), "' pts from the mix of '", 'effects.segment_name',
            "', '", num('100 * effects.within_effect', 2), "' pts within its segments'"]) }}
    end as evidence
from segment_effects as effects
inner join model_totals as totals
    on effects.model_id = totals.model_id and effects.eval_date = totals.eval_date and totals.segment_name = '(all)'
{%- endmacro %}
