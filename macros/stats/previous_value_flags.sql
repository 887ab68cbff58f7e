{#-
  For each row of `observations` (entity_id, event_at, prediction_id and the value columns
  `slots`), whether each value could be compared with the same entity's previous row (both
  non-null: compared_i = 1) and whether it repeated it exactly (unchanged_i = 1), the previous
  row being the one before by (event_at, prediction_id). Keeps the columns `keep`.
-#}
{% macro previous_value_flags(observations, slots, keep) %}
  select
    {{ keep | join(', ') }}
    {%- for slot in slots %},
    case when {{ slot }} is not null and previous_{{ loop.index }} is not null then 1 else 0 end as compared_{{ loop.index }},
    case when {{ slot }} = previous_{{ loop.index }} then 1 else 0 end as unchanged_{{ loop.index }}
    {%- endfor %}
  from (
    select
      *
      {%- for slot in slots %},
      lag({{ slot }}) over (partition by entity_id order by event_at, prediction_id) as previous_{{ loop.index }}
      {%- endfor %}
    from {{ observations }}
  ) as with_previous
{%- endmacro %}
