{#-
  unseen_categories: value the pool's share of values in categories the reference never saw
  (the "unseen" bin of a categorical feature); the evidence names the day's new categories
  (int_retrain_gate__daily_new_categories, whole population). From the CTE unseen
  (check_unseen_categories_inputs).
-#}
{% macro check_unseen_categories() %}
  {%- set double = retrain_gate.type_double() -%}
  {%- set share = retrain_gate.safe_ratio('unseen.n_unseen', 'unseen.n_values') -%}
select
    unseen.model_id, unseen.eval_date, unseen.window_start, unseen.reference_start, unseen.reference_end,
    unseen.segment_name, unseen.segment_value, unseen.feature as subject,
    'feature' as subject_type, 'unseen_categories' as check_name,
    {{ share }} as value,
    cast(0 as {{ double }}) as baseline, cast(null as {{ double }}) as z_score,
    unseen.n_values as n_window, cast(null as {{ dbt.type_bigint() }}) as n_reference,
    cast(null as {{ dbt.type_string() }}) as unusable_reason,
    {{ dbt.concat([retrain_gate.format_percent(share), "' of values in categories the reference never saw'",
                   "coalesce(': ' || new_categories.top_new_categories, '')"]) }} as evidence
from unseen
left join {{ ref('int_retrain_gate__daily_new_categories') }} as new_categories
    on
        unseen.segment_name = '(all)'
        and unseen.model_id = new_categories.model_id
        and unseen.eval_date = new_categories.profile_date
        and unseen.feature = new_categories.feature
{%- endmacro %}
