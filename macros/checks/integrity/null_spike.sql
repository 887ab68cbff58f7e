{#-
  null_spike: value the pool's null rate; baseline the reference's; z_score the two-proportion
  z of the difference (pooled). From the CTE null_spike (check_null_spike_inputs).
-#}
{% macro check_null_spike() %}
select
    model_id, eval_date, window_start, reference_start, reference_end, segment_name, segment_value, subject,
    'feature' as subject_type, 'null_spike' as check_name, value, baseline, z_score, n_window, n_reference,
    case when n_window = 0 then 'no rows on the day' end as unusable_reason,
    {{ dbt.concat(["'null rate '", retrain_gate.format_percent('value'),
                   "' vs '", retrain_gate.format_percent('baseline'), "' in the reference'"]) }} as evidence
from null_spike
{%- endmacro %}
