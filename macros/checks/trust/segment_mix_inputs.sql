{#-
  segment_mix's CTEs: each segment value's share of the predictions in the window (p) and the
  reference (q), and per segment column their PSI and the value whose share moved most.
-#}
{% macro check_segment_mix_inputs() %}
  {%- set pct = retrain_gate.format_percent -%}
  {%- set per_column = 'over (partition by counts.model_id, counts.eval_date, counts.segment_name)' -%}
segment_shares as (
    select
        counts.*,
        {{ retrain_gate.safe_ratio('counts.n_scored', 'sum(counts.n_scored) ' ~ per_column) }} as p,
        {{ retrain_gate.safe_ratio('counts.reference_n_scored', 'sum(counts.reference_n_scored) ' ~ per_column) }} as q
    from counts
    where counts.segment_name <> '(all)'
),

segment_mix as (
    select
        ranked.model_id,
        ranked.eval_date,
        ranked.segment_name,
        sum({{ retrain_gate.psi_term('ranked.p', 'ranked.q', 'settings.psi_epsilon') }}) as psi,
        sum(ranked.n_scored) as n_window,
        sum(ranked.reference_n_scored) as n_reference,
        -- the segment value whose share moved most (ties: the first by name)
        min(case when ranked.mover_rank = 1 then {{ dbt.concat([
            'ranked.segment_value', "' '", pct('coalesce(ranked.q, 0)'), "' -> '", pct('coalesce(ranked.p, 0)')]) }} end) as top_mover
    from (
        select
            segment_shares.*,
            row_number() over (
                partition by segment_shares.model_id, segment_shares.eval_date, segment_shares.segment_name
                order by abs(coalesce(segment_shares.p, 0) - coalesce(segment_shares.q, 0)) desc, segment_shares.segment_value
            ) as mover_rank
        from segment_shares
    ) as ranked
    inner join settings on ranked.model_id = settings.model_id
    group by ranked.model_id, ranked.eval_date, ranked.segment_name
)
{%- endmacro %}
