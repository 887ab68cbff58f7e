{#-
  Daily ranking profiles of ranking models (docs/ranking.md): per model x prediction day x
  metric x rank position, over the day's matured results, each query's rows (its query_id on
  its day) ordered by rank into positions 1, 2, ... as shown (ties in rank by prediction id).
  A result without a label (or with a negative one) is left out of the figures; its position
  stays the one shown. Per metric, the count n and the sums of its value and squared value:
    ndcg             per query with a relevant judged result: DCG@k / IDCG@k, the gains its
                     graded relevances over log2(position + 1), IDCG of the same relevances
                     in the best order (rank_position 0)
    precision        per query with a judged result in the first k: the share of them relevant
                     (relevance above 0) (rank_position 0)
    reciprocal_rank  per such query: 1 / the position of its first relevant result in the
                     first k, 0 without one (rank_position 0)
    relevance        per judged result at rank_position 1..k: its relevance
  Means over queries are additive: window and reference means are sums of these rows. Read
  like the daily outcome profile, on the same plan: the newly matured day, lookback_days
  re-read, and the days with late feedback.
-#}
{{ retrain_gate.staged_rows_dependencies() }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_cuts') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'profile_date'], 'int_retrain_gate__daily_ranking_profile')) }}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__daily_ranking_profile') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__daily_ranking_profile') -%}
{%- set double = retrain_gate.type_double() -%}
{%- set columns = [('metric', dbt.type_string()), ('rank_position', dbt.type_int()), ('n', dbt.type_bigint()),
                   ('sum_value', double), ('sum_sq_value', double)] -%}
{%- set models = retrain_gate.matured_models(plan, fingerprints) -%}
{%- if models | length == 0 %}
{{ retrain_gate.empty_relation(retrain_gate.matured_profile_columns(columns)) }}
{%- else %}
with
{%- for item in models %}
{%- set k = item.m.k %}
judged_{{ loop.index }} as (
    select
        event_date,
        query_id,
        relevance,
        shown_position,
        row_number() over (partition by event_date, query_id order by relevance desc, shown_position) as ideal_position
    from (
        select
            staged.event_date,
            staged.query_id,
            staged.label_relevance as relevance,
            row_number() over (
                partition by staged.event_date, staged.query_id order by staged.result_rank, staged.prediction_id
            ) as shown_position
        from ({{ retrain_gate.staged_rows(item.m, plan, ['event_date', 'prediction_id', 'query_id', 'result_rank', 'label_relevance'], item.last_day) }}) as staged
        where staged.query_id is not null and staged.result_rank is not null
    ) as shown
    where relevance >= 0
),

queries_{{ loop.index }} as (
    select
        event_date,
        sum(case when shown_position <= {{ k }} then relevance * ln(2) / ln(shown_position + 1) else 0 end) as dcg,
        sum(case when ideal_position <= {{ k }} then relevance * ln(2) / ln(ideal_position + 1) else 0 end) as idcg,
        sum(case when shown_position <= {{ k }} then 1 else 0 end) as n_top,
        sum(case when shown_position <= {{ k }} and relevance > 0 then 1 else 0 end) as n_top_relevant,
        min(case when shown_position <= {{ k }} and relevance > 0 then shown_position end) as first_relevant
    from judged_{{ loop.index }}
    group by event_date, query_id
),

values_{{ loop.index }} as (
    select event_date, 'ndcg' as metric, 0 as rank_position, dcg / idcg as value
    from queries_{{ loop.index }}
    where idcg > 0
    union all
    select event_date, 'precision' as metric, 0 as rank_position, cast(n_top_relevant as {{ double }}) / n_top as value
    from queries_{{ loop.index }}
    where n_top > 0
    union all
    select event_date, 'reciprocal_rank' as metric, 0 as rank_position, coalesce(cast(1 as {{ double }}) / first_relevant, 0) as value
    from queries_{{ loop.index }}
    where n_top > 0
    union all
    select event_date, 'relevance' as metric, shown_position as rank_position, relevance as value
    from judged_{{ loop.index }}
    where shown_position <= {{ k }}
),

counts_{{ loop.index }} as (
    select
        event_date,
        metric,
        rank_position,
        count(*) as n,
        sum(value) as sum_value,
        sum(value * value) as sum_sq_value
    from values_{{ loop.index }}
    group by event_date, metric, rank_position
),
{%- endfor %}

{{ retrain_gate.matured_profile_rows(models, fingerprints, columns) }}
{%- endif %}
