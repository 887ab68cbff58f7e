{#-
  ranking_quality (ranking models): value the mean NDCG@k of the window's queries (those with
  a relevant judged result), baseline the reference's; z_score (baseline - value) / sqrt(v / n
  + v0 / n0), Welch's z with v, v0 the variances of the queries' NDCG: queries are taken as
  independent (docs/ranking.md). The evidence adds precision@k and the mean reciprocal rank,
  window against reference. From the CTE ranking_means (check_ranking_quality_inputs).
-#}
{% macro check_ranking_quality() %}
  {%- set num = retrain_gate.format_number -%}
  {%- set text = dbt.type_string() -%}
  {%- set figures = [] -%}
  {%- for metric, label in [('ndcg', 'NDCG@'), ('precision', 'precision@'), ('reciprocal_rank', 'MRR@')] -%}
    {%- do figures.append(dbt.concat(["'" ~ label ~ "'", 'cast(frames.ranking_k as ' ~ text ~ ')', "' '", num(metric ~ '.mean_value', 4),
                                      "' vs '", num(metric ~ '.reference_mean_value', 4)])) -%}
  {%- endfor %}
select
    frames.model_id, frames.eval_date, 'ranking_quality' as check_name, 'model' as subject, 'model' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value,
    ndcg.mean_value as value,
    ndcg.reference_mean_value as baseline,
    -ndcg.z as z_score,
    ndcg.n as n_window, ndcg.reference_n as n_reference,
    frames.window_start, frames.window_end, frames.reference_start, frames.reference_end,
    coalesce(frames.immature_reason, case
        when coalesce(ndcg.n, 0) = 0 then 'no matured query with a relevant judged result in the window'
        when ndcg.reference_n = 0 then 'no matured query with a relevant judged result in the reference'
    end) as unusable_reason,
    {{ dbt.concat([figures[0], "' in the reference over '", 'cast(ndcg.n as ' ~ text ~ ')', "' queries (z '", num('-ndcg.z', 1), "'); '",
                   figures[1], "'; '", figures[2]]) }} as evidence
from frames
{%- for metric in ['ndcg', 'precision', 'reciprocal_rank'] %}
left join ranking_means as {{ metric }}
    on
        frames.model_id = {{ metric }}.model_id
        and frames.eval_date = {{ metric }}.eval_date
        and {{ metric }}.metric = '{{ metric }}'
{%- endfor %}
where frames.is_ranking = 1
{%- endmacro %}
