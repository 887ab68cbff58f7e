{#-
  Fails with every combination of the columns that occurs on more than one row.

  newest_run_only: only the combinations that the newest run wrote (the rows whose computed_at
  is the table's latest). For an incremental table: a nightly replaces the keys it recomputes,
  and a duplicate can only appear where it wrote; the rows no run rewrote were tested by the
  run that wrote them. The test then reads the night's keys, not the whole history. A full
  build writes every row with one computed_at, so it tests them all.
-#}
{% test unique_combination_of_columns(model, combination_of_columns, newest_run_only=false) %}
  {{ return(adapter.dispatch('test_unique_combination_of_columns', 'retrain_gate')(model, combination_of_columns, newest_run_only)) }}
{% endtest %}

{% macro default__test_unique_combination_of_columns(model, combination_of_columns, newest_run_only) %}
  {%- set columns = combination_of_columns | join(', ') -%}
  select {{ columns }}, count(*) as n_rows
  from {{ model }} as tested
  {%- if newest_run_only %}
  where exists (
    select 1
    from {{ model }} as newest
    where
      newest.computed_at = (select max(latest.computed_at) from {{ model }} as latest)
      {%- for column in combination_of_columns %}
      and newest.{{ column }} = tested.{{ column }}
      {%- endfor %}
  )
  {%- endif %}
  group by {{ columns }}
  having count(*) > 1
{% endmacro %}
