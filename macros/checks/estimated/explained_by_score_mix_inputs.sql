{#-
  explained_by_score_mix's CTE band_shift: per evaluation date, the score band whose share of
  the labelled predictions grew most from the reference to the outcome window (the whole
  population's band outcomes), for the evidence to name where the population moved.
-#}
{% macro check_explained_by_score_mix_inputs() %}
band_shift as (
    select model_id, eval_date, band, window_share, reference_share
    from (
        select
            *,
            row_number() over (partition by model_id, eval_date order by window_share - reference_share desc, band) as move_rank
        from (
            select
                outcomes.model_id,
                outcomes.eval_date,
                outcomes.band,
                {{ retrain_gate.safe_ratio('outcomes.n_labelled', 'sum(outcomes.n_labelled) over (partition by outcomes.model_id, outcomes.eval_date)') }}
                    as window_share,
                {{ retrain_gate.safe_ratio('outcomes.reference_n_labelled',
                                           'sum(outcomes.reference_n_labelled) over (partition by outcomes.model_id, outcomes.eval_date)') }}
                    as reference_share
            from {{ ref('retrain_gate_band_outcomes') }} as outcomes
            inner join eval_dates on outcomes.model_id = eval_dates.model_id and outcomes.eval_date = eval_dates.eval_date
            where outcomes.segment_name = '(all)'
        ) as shares
    ) as ranked
    where move_rank = 1
)
{%- endmacro %}
