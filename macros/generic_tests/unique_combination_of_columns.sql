{#- Fails with every combination of the columns that occurs on more than one row. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
  {{ return(adapter.dispatch('test_unique_combination_of_columns', 'retrain_gate')(model, combination_of_columns)) }}
{% endtest %}

{% macro default__test_unique_combination_of_columns(model, combination_of_columns) %}
  {%- set columns = combination_of_columns | join(', ') -%}
  select {{ columns }}, count(*) as n_rows
  from {{ model }}
  group by {{ columns }}
  having count(*) > 1
{% endmacro %}
