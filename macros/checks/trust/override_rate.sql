{#-
  override_rate, per segment ('all' and each segment value): value the window's overrides /
  decisions, baseline the reference's; z_score the two-proportion z of the rise. Only for
  models with overrides.
-#}
{% macro check_override_rate() %}
  {%- set pct = retrain_gate.format_percent -%}
  {%- set rate = retrain_gate.safe_ratio('counts.n_overridden', 'counts.n_scored') -%}
  {%- set reference_rate = retrain_gate.safe_ratio('counts.reference_n_overridden', 'counts.reference_n_scored') -%}
select
    counts.model_id, counts.eval_date, 'override_rate' as check_name, 'overrides' as subject, 'model' as subject_type,
    counts.segment_name, counts.segment_value,
    {{ rate }} as value,
    {{ reference_rate }} as baseline,
    {{ retrain_gate.two_proportion_z('counts.n_overridden', 'counts.n_scored', 'counts.reference_n_overridden', 'counts.reference_n_scored') }} as z_score,
    counts.n_scored as n_window, counts.reference_n_scored as n_reference,
    case when counts.n_scored = 0 then 'no decisions in the window' end as unusable_reason,
    {{ dbt.concat([pct(rate), "' of decisions overridden vs '", pct(reference_rate), "' in the reference'"]) }} as evidence
from counts
inner join settings on counts.model_id = settings.model_id
where settings.has_overrides = 1
{%- endmacro %}
