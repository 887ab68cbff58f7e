{#-
  class_prior_shift (multiclass models): how far the labels' class shares moved beyond what
  the predicted probabilities expect, against the reference (docs/multiclass.md). Per class c
  (and '(other)', labels naming no class) the residual share r_c = (labels of c - sum of p_c) / n
  of the window minus the reference's, d_c; value 1/2 sum_c |d_c|, a total variation distance;
  z_score the largest |d_c| / se(d_c). A population that moved into other classes moves the
  probabilities with it and leaves d at 0; a target that changed at the same inputs does not.
  The evidence names the class of that z: its labels' share against its mean probability, in
  the window and the reference, and its share of top classes. From the CTE
  ranked_class_priors (check_class_prior_shift_inputs).
-#}
{% macro check_class_prior_shift() %}
  {%- set pct = retrain_gate.format_percent -%}
select
    frames.model_id, frames.eval_date, 'class_prior_shift' as check_name, 'model' as subject, 'model' as subject_type,
    '(all)' as segment_name, '(all)' as segment_value,
    sum(abs(priors.change)) / 2 as value,
    cast(0 as {{ retrain_gate.type_double() }}) as baseline,
    max(abs(priors.z)) as z_score,
    max(priors.n_labelled) as n_window, max(priors.reference_n_labelled) as n_reference,
    frames.window_start, frames.window_end, frames.reference_start, frames.reference_end,
    coalesce(max(frames.immature_reason), case
        when coalesce(max(priors.n_labelled), 0) = 0 then 'no matured labels in the window'
        when max(priors.reference_n_labelled) = 0 then 'no matured labels in the reference'
    end) as unusable_reason,
    max(case when priors.z_rank = 1 then {{ dbt.concat([
        "'class '", 'priors.class_name', "': '", pct('priors.label_share'), "' of labels vs '", pct('priors.expected_share'),
        "' expected by its probabilities; in the reference '", pct('priors.reference_label_share'), "' vs '",
        pct('priors.reference_expected_share'), "' (z '", retrain_gate.format_number('abs(priors.z)', 1), "'); top class of '",
        pct('priors.predicted_share'), "' vs '", pct('priors.reference_predicted_share'), "''"]) }} end) as evidence
from frames
left join ranked_class_priors as priors on frames.model_id = priors.model_id and frames.eval_date = priors.eval_date
where frames.is_multiclass = 1
group by frames.model_id, frames.eval_date, frames.window_start, frames.window_end, frames.reference_start, frames.reference_end
{%- endmacro %}
