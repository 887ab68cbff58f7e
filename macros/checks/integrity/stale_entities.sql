{#-
  stale_entities: value the pool's share of observations equal to the entity's previous one;
  baseline the reference's share; z_score the two-proportion z. Pooled on the observations
  compared (n_compared). From the CTE stale_entities (check_stale_entities_inputs).
-#}
{% macro check_stale_entities() %}
select
    model_id, eval_date, window_start, reference_start, reference_end, segment_name, segment_value, subject,
    'feature' as subject_type, 'stale_entities' as check_name, value, baseline, z_score, n_window, n_reference,
    case when n_window = 0 then 'no entity seen before on the day' end as unusable_reason,
    {{ dbt.concat([retrain_gate.format_percent('value'), "' of observations repeat the entity''s previous value vs '",
                   retrain_gate.format_percent('baseline'), "' in the reference'"]) }} as evidence
from stale_entities
{%- endmacro %}
