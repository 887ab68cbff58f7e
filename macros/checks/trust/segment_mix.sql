{#-
  segment_mix, per segment column: value the PSI of the segment values' shares of predictions,
  window against reference (psi_term, psi_epsilon floor); the evidence names the value whose
  share moved most. From the CTE segment_mix (check_segment_mix_inputs).
-#}
{% macro check_segment_mix() %}
  {%- set double = retrain_gate.type_double() -%}
select
    model_id,
    eval_date,
    'segment_mix' as check_name,
    segment_name as subject,
    'segment' as subject_type,
    '(all)' as segment_name,
    '(all)' as segment_value,
    -- an empty window has no shares: its PSI against the reference's would be epsilon's
    case when n_window > 0 then psi end as value,
    cast(null as {{ double }}) as baseline,
    cast(null as {{ double }}) as z_score,
    n_window,
    n_reference,
    case when n_window = 0 then 'no predictions in the window' end as unusable_reason,
    {{ dbt.concat(["'PSI '", retrain_gate.format_number('psi', 4),
                   "' over the shares of its values; most moved: '", 'top_mover']) }} as evidence
from segment_mix
{%- endmacro %}
