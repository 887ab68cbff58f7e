{#-
  retrain_gate_estimate_track_record: how well estimation works on each model. Per model and
  outcome window whose labels matured, the AUC estimated from its scores before the labels
  matured (estimated_discrimination, on the evaluation date the window ended) beside the AUC
  the labels realized (discrimination, maturity_days later), the estimate on the same labelled
  rows, and whether the realized AUC fell inside that estimate's 95% interval
  (explained_by_score_mix's value: the realized shortfall in standard errors of V_labels + V_map,
  docs/estimated.md). Rebuilt from retrain_gate_signals on each run.
-#}
{{ config(materialized='table') }}
{%- set double = retrain_gate.type_double() %}
select
    cast(estimated.model_id as {{ dbt.type_string() }}) as model_id,
    cast(estimated.window_start as date) as window_start,
    cast(estimated.window_end as date) as window_end,
    cast(estimated.eval_date as date) as estimated_on,
    cast(estimated.value as {{ double }}) as estimated_auc,
    cast(estimated.status as {{ dbt.type_string() }}) as estimated_status,
    cast(realized.eval_date as date) as realized_on,
    cast(realized.value as {{ double }}) as realized_auc,
    cast(realized.status as {{ dbt.type_string() }}) as realized_status,
    cast(explained.baseline as {{ double }}) as estimated_auc_labelled,
    cast(explained.value as {{ double }}) as shortfall_z,
    cast(case when abs(explained.value) <= 1.96 then 1 when explained.value is not null then 0 end as {{ dbt.type_int() }})
        as within_interval
from {{ ref('retrain_gate_signals') }} as estimated
inner join {{ ref('retrain_gate_signals') }} as realized
    on
        estimated.model_id = realized.model_id
        and estimated.window_start = realized.window_start
        and estimated.window_end = realized.window_end
        and realized.check_name = 'discrimination'
        and realized.segment = 'all'
left join {{ ref('retrain_gate_signals') }} as explained
    on
        realized.model_id = explained.model_id
        and realized.eval_date = explained.eval_date
        and explained.check_name = 'explained_by_score_mix'
where estimated.check_name = 'estimated_discrimination' and estimated.status != 'insufficient_data'
