{#-
  A query with the given columns and no rows: what a model selects when there is nothing to
  compute in this run, so the table still has its full, typed shape.
  columns: list of (name, type) pairs. The one-row derived table keeps it valid on engines
  that want a FROM.
-#}
{% macro empty_relation(columns) %}
  select
    {%- for name, type in columns %}
    cast(null as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
  from (select 1 as one) as no_rows
  where 1 = 0
{%- endmacro %}
