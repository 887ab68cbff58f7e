{#- null_spike's CTE null_spike: the pool's and the reference's null rates, per segment and feature. -#}
{% macro check_null_spike_inputs() %}
null_spike as (
    select
        model_id,
        eval_date,
        window_start,
        reference_start,
        reference_end,
        segment_name,
        segment_value,
        feature as subject,
        {{ retrain_gate.safe_ratio('n_nulls', 'n_rows') }} as value,
        {{ retrain_gate.safe_ratio('reference_nulls', 'reference_rows') }} as baseline,
        {{ retrain_gate.two_proportion_z('n_nulls', 'n_rows', 'reference_nulls', 'reference_rows') }} as z_score,
        n_rows as n_window,
        reference_rows as n_reference
    from pools_vs_reference
)
{%- endmacro %}
