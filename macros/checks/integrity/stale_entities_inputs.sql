{#-
  stale_entities' CTEs: the daily entity staleness counts of the reference and of each
  evaluation date's pool (pooled_days on n_compared), and their shares side by side in the
  CTE stale_entities.
-#}
{% macro check_stale_entities_inputs() %}
  {%- set pool_keys = ['segment_name', 'segment_value', 'feature'] -%}
staleness as (
    select staleness.*
    from {{ ref('int_retrain_gate__daily_entity_staleness') }} as staleness
    inner join settings on staleness.model_id = settings.model_id
),

reference_staleness as (
    {{ retrain_gate.reference_sums('staleness', ['segment_name', 'segment_value', 'feature'], ['n_compared', 'n_unchanged']) }}
),

staleness_pools as (
    {{ retrain_gate.pooled_days('staleness', pool_keys, 'n_compared') }}
),

pooled_staleness as (
    select
        staleness_pools.model_id,
        staleness_pools.eval_date,
        staleness_pools.window_start,
        staleness_pools.segment_name,
        staleness_pools.segment_value,
        staleness_pools.feature,
        sum(staleness.n_compared) as n_compared,
        sum(staleness.n_unchanged) as n_unchanged
    {{ retrain_gate.pooled_rows('staleness_pools', 'staleness', pool_keys) }}
    group by
        staleness_pools.model_id, staleness_pools.eval_date, staleness_pools.window_start,
        staleness_pools.segment_name, staleness_pools.segment_value, staleness_pools.feature
),

stale_entities as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        today.window_start,
        eval_dates.reference_start,
        eval_dates.reference_end,
        today.segment_name,
        today.segment_value,
        today.feature as subject,
        {{ retrain_gate.safe_ratio('today.n_unchanged', 'today.n_compared') }} as value,
        {{ retrain_gate.safe_ratio('reference.n_unchanged', 'reference.n_compared') }} as baseline,
        {{ retrain_gate.two_proportion_z('today.n_unchanged', 'today.n_compared',
                                         'reference.n_unchanged', 'reference.n_compared') }} as z_score,
        today.n_compared as n_window,
        reference.n_compared as n_reference
    {{ retrain_gate.pooled_days_beside_reference('pooled_staleness', 'reference_staleness') }}
)
{%- endmacro %}
