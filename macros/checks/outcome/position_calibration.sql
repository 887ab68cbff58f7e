{#-
  position_calibration (ranking models): per rank position p in 1..k the mean relevance of the
  window's judged results shown at p against the reference's, and the z of that change under
  the null (null_z: the reference's variance on both sides); value the window's mean at the
  position of the largest |z|, baseline the reference's there, z_score that |z|
  (docs/ranking.md). Status by the change factor, either way: relevance that
  fell (or rose) at the top positions while NDCG held says the labels' level moved (a click
  rate, a grading change); with NDCG falling too, the order got worse. The evidence names the
  position and gives the mean relevance over positions 1..k. From the CTE ranking_means
  (check_ranking_quality_inputs).
-#}
{% macro check_position_calibration() %}
  {%- set num = retrain_gate.format_number -%}
  {%- set text = dbt.type_string() -%}
select
    frames.model_id, frames.eval_date, 'position_calibration' as check_name, 'model' as subject, 'model' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value,
    max(case when positions.z_rank = 1 then positions.mean_value end) as value,
    max(case when positions.z_rank = 1 then positions.reference_mean_value end) as baseline,
    max(case when positions.z_rank = 1 then abs(positions.null_z) end) as z_score,
    sum(positions.n) as n_window, sum(positions.reference_n) as n_reference,
    frames.window_start, frames.window_end, frames.reference_start, frames.reference_end,
    coalesce(max(frames.immature_reason), case
        when coalesce(sum(positions.n), 0) = 0 then 'no matured judged result in the window'
        when sum(positions.reference_n) = 0 then 'no matured judged result in the reference'
        when max(case when positions.z_rank = 1 then positions.reference_mean_value end) = 0
            then 'no relevant result at the position in the reference: its change factor means nothing'
    end) as unusable_reason,
    {{ dbt.concat([
        'max(case when positions.z_rank = 1 then ' ~ dbt.concat(["'position '", 'cast(positions.rank_position as ' ~ text ~ ')',
            "': mean relevance '", num('positions.mean_value', 4), "' vs '", num('positions.reference_mean_value', 4),
            "' in the reference (z '", num('abs(positions.null_z)', 1), "')'"]) ~ ' end)',
        "'; positions 1-'", 'cast(max(frames.ranking_k) as ' ~ text ~ ')', "': '",
        num(retrain_gate.safe_ratio('sum(positions.sum_value)', 'sum(positions.n)'), 4), "' vs '",
        num(retrain_gate.safe_ratio('sum(positions.reference_sum_value)', 'sum(positions.reference_n)'), 4)]) }} as evidence
from frames
left join (
    select
        ranking_means.*,
        row_number() over (
            partition by model_id, eval_date order by coalesce(abs(null_z), -1) desc, rank_position
        ) as z_rank
    from ranking_means
    where metric = 'relevance'
) as positions
    on frames.model_id = positions.model_id and frames.eval_date = positions.eval_date
where frames.is_ranking = 1
group by frames.model_id, frames.eval_date, frames.window_start, frames.window_end, frames.reference_start, frames.reference_end
{%- endmacro %}
