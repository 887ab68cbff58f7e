{#-
  source_freshness: value the days from the newest row (subject the model) or, per feature with
  updated_at, the newest update (subject the feature) to the evaluation date. From the CTE
  freshness (check_source_freshness_inputs).
-#}
{% macro check_source_freshness() %}
  {%- set double = retrain_gate.type_double() -%}
  {%- set text = dbt.type_string() -%}
select
    freshness.model_id, freshness.eval_date, freshness.eval_date as window_start, freshness.reference_start,
    freshness.reference_end,
    '(all)' as segment_name, '(all)' as segment_value, coalesce(freshness.subject, freshness.model_id) as subject,
    case when freshness.subject is null then 'model' else 'feature' end as subject_type,
    'source_freshness' as check_name,
    cast(
        {{ retrain_gate.days_between('freshness.newest_day', 'freshness.eval_date') }}
        as {{ double }}
    ) as value,
    cast(null as {{ double }}) as baseline, cast(null as {{ double }}) as z_score,
    cast(null as {{ dbt.type_bigint() }}) as n_window, cast(null as {{ dbt.type_bigint() }}) as n_reference,
    cast(null as {{ text }}) as unusable_reason,
    {{ dbt.concat(["case when freshness.subject is null then 'newest row on ' else 'newest update on ' end",
                   'cast(freshness.newest_day as ' ~ text ~ ')']) }} as evidence
from freshness
{%- endmacro %}
