{#-
  class_discrimination (multiclass models): value the macro average of the one-vs-rest AUCs of
  the window, each class's probability ranking its labels above the others' (auc_from_bins on
  the class probability's reference bins), baseline the reference's; z_score (baseline - value)
  / sigma with sigma = 1/K sum_c sqrt(V_c + V0_c), the classes' DeLong variances: the standard
  deviation of a mean of K correlated AUCs is at most the mean of their standard deviations,
  so the z is conservative whatever the correlation (docs/multiclass.md). The evidence names
  the class whose AUC fell most. From the CTE class_aucs (check_class_discrimination_inputs).
-#}
{% macro check_class_discrimination() %}
  {%- set num = retrain_gate.format_number -%}
  {%- set value = 'avg(aucs.auc)' -%}
  {%- set baseline = 'avg(aucs.reference_auc)' -%}
select
    frames.model_id, frames.eval_date, 'class_discrimination' as check_name, 'model' as subject, 'model' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value,
    {{ value }} as value,
    {{ baseline }} as baseline,
    ({{ baseline }} - {{ value }}) / nullif(avg(aucs.sigma), 0) as z_score,
    max(aucs.n_window) as n_window, max(aucs.n_reference) as n_reference,
    frames.window_start, frames.window_end, frames.reference_start, frames.reference_end,
    coalesce(max(frames.immature_reason), case
        when count(aucs.auc) = 0 then 'no matured labels in the window'
        when count(aucs.auc) < count(*) or count(aucs.reference_auc) < count(*)
            then 'a class has no labels, or only labels, in the window or the reference: its one-vs-rest AUC is undefined'
        when count(aucs.sigma) < count(*)
            then 'a class has fewer than 2 labels or 2 non-labels in the window or the reference: its AUC has no variance to judge by'
    end) as unusable_reason,
    {{ dbt.concat(["'macro AUC '", num(value, 4), "' (binning error <= '", num('avg(aucs.auc_error_bound)', 4), "') vs '",
                   num(baseline, 4), "' in the reference over '", 'cast(count(*) as ' ~ dbt.type_string() ~ ')',
                   "' classes; se of the change <= '", num('avg(aucs.sigma)', 4), "'; fell most: '",
                   'max(case when aucs.fall_rank = 1 then ' ~ dbt.concat(['aucs.class_name', "' '", num('aucs.auc', 4), "' vs '", num('aucs.reference_auc', 4)]) ~ ' end)']) }}
    as evidence
from frames
left join class_aucs as aucs on frames.model_id = aucs.model_id and frames.eval_date = aucs.eval_date
where frames.is_multiclass = 1
group by frames.model_id, frames.eval_date, frames.window_start, frames.window_end, frames.reference_start, frames.reference_end
{%- endmacro %}
