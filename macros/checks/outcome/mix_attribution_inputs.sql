{#-
  mix_attribution's CTE segment_effects: the change of the observed rate (regression: the mean
  label) split into mix and
  within-segment effects, per segment column, from each segment value's share of the labels
  and its observed rate, in the window and the reference.
-#}
{% macro check_mix_attribution_inputs() %}
  {%- set per_column = 'over (partition by totals.model_id, totals.eval_date, totals.segment_name)' -%}
segment_effects as (
    select
        model_id,
        eval_date,
        segment_name,
        sum((w_share - r_share) * (coalesce(w_rate, r_rate) + coalesce(r_rate, w_rate)) / 2) as mix_effect,
        sum((coalesce(w_rate, r_rate) - coalesce(r_rate, w_rate)) * (w_share + r_share) / 2) as within_effect
    from (
        select
            totals.model_id,
            totals.eval_date,
            totals.segment_name,
            {{ retrain_gate.safe_ratio('totals.n_labelled', 'sum(totals.n_labelled) ' ~ per_column) }} as w_share,
            {{ retrain_gate.safe_ratio('totals.reference_n_labelled', 'sum(totals.reference_n_labelled) ' ~ per_column) }} as r_share,
            {{ retrain_gate.safe_ratio('totals.sum_label', 'totals.n_labelled') }} as w_rate,
            {{ retrain_gate.safe_ratio('totals.reference_sum_label', 'totals.reference_n_labelled') }} as r_rate
        from model_totals as totals
        where totals.segment_name <> '(all)' and totals.has_labels = 1
    ) as segment_shares
    group by model_id, eval_date, segment_name
)
{%- endmacro %}
