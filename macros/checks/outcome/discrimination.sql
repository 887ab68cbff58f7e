{#-
  discrimination: value the window's AUC, baseline the reference's (auc_from_bins over the
  score's histogram bins); z_score (baseline - value) / sqrt(var_window + var_reference), each
  variance DeLong's on the binned score (auc_from_bins): the two samples are disjoint, so
  their variances add. From the CTE discrimination (check_discrimination_inputs).
-#}
{% macro check_discrimination() %}
  {%- set num = retrain_gate.format_number -%}
select
    discrimination.model_id, discrimination.eval_date, 'discrimination' as check_name,
    'model' as subject, 'model' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value, discrimination.value, discrimination.baseline,
    (discrimination.baseline - discrimination.value) / nullif(discrimination.sigma, 0) as z_score,
    discrimination.n_window, discrimination.n_reference,
    discrimination.window_start, discrimination.window_end, discrimination.reference_start, discrimination.reference_end,
    case
        when discrimination.immature_reason is not null then discrimination.immature_reason
        when discrimination.value is null then 'no positives or no negatives among the matured labels of the window'
        when discrimination.baseline is null then 'no positives or no negatives among the matured labels of the reference'
        when discrimination.sigma is null
            then 'fewer than 2 positives or 2 negatives in the window or the reference: the AUC has no variance to judge by'
    end as unusable_reason,
    {{ dbt.concat(["'AUC '", num('discrimination.value', 4), "' (binning error <= '", num('discrimination.auc_error_bound', 4),
                   "') vs '", num('discrimination.baseline', 4), "' in the reference; se of the change '",
                   num('discrimination.sigma', 4), "' (DeLong: window '", num('discrimination.window_se', 4),
                   "', reference '", num('discrimination.reference_se', 4), "')'"]) }} as evidence
from discrimination
{%- endmacro %}
