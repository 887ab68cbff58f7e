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
