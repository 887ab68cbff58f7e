{#-
  The rows of a daily per-model table that fall in each evaluation date's reference, with the
  reference's bounds: a fixed reference's days once per model, a rolling reference's days once
  per range. Needs the CTEs `settings` (model_id, reference_kind, reference_start,
  reference_end) and `reference_days` (model_id, reference_start, reference_end, profile_date
  of the rolling references) in scope. `columns` are read from `relation` (alias `daily`).
-#}
{% macro reference_rows(relation, columns) %}
  select
    daily.model_id,
    settings.reference_start,
    settings.reference_end,
    {%- for column in columns %}
    daily.{{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
  from {{ relation }} as daily
  inner join settings on daily.model_id = settings.model_id
  where
    settings.reference_kind = 'fixed'
    and daily.profile_date between settings.reference_start and settings.reference_end

  union all

  select
    daily.model_id,
    reference_days.reference_start,
    reference_days.reference_end,
    {%- for column in columns %}
    daily.{{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
  from (select distinct model_id, reference_start, reference_end, profile_date from reference_days) as reference_days
  inner join {{ relation }} as daily
    on reference_days.model_id = daily.model_id and reference_days.profile_date = daily.profile_date
{%- endmacro %}


{#-
  The FROM clause that puts each evaluation date's pooled days (`today`, keyed by eval_date:
  see pooled_days) beside its reference's aggregate (`reference`, keyed by
  reference_start/reference_end), per segment and feature. Needs the CTE `eval_dates` in scope;
  the relations are aliased today and reference.
-#}
{% macro pooled_days_beside_reference(today, reference) %}
    from eval_dates
    inner join {{ today }} as today
        on eval_dates.model_id = today.model_id and eval_dates.eval_date = today.eval_date
    inner join {{ reference }} as reference
        on
            eval_dates.model_id = reference.model_id
            and eval_dates.reference_start = reference.reference_start
            and eval_dates.reference_end = reference.reference_end
            and today.segment_name = reference.segment_name
            and today.segment_value = reference.segment_value
            and today.feature = reference.feature
{%- endmacro %}
