{#-
  A relation of one row per feature of `names`: feature_position (1, 2, ...), feature (its name)
  and, per entry of `extra` ({column: one SQL expression per feature, in order}), that feature's
  expression. Cross joined with a model's wide rows it unpivots them, one row per feature, with
  at_feature_position choosing each row's column: one branch a model where a union of a
  branch per feature makes a statement grow with models x features (a fleet's planning cost,
  bench/README.md "A fleet of models").
-#}
{% macro feature_positions(names, extra={}) %}
  {%- set text = dbt.type_string() %}
  {%- for name in names %}
  {%- set position = loop.index0 %}
    select
      {{ loop.index }} as feature_position,
      {%- for column, expressions in extra.items() %}
      {{ expressions[position] }} as {{ column }},
      {%- endfor %}
      cast('{{ name }}' as {{ text }}) as feature
    {{ 'union all' if not loop.last }}
  {%- endfor %}
{%- endmacro %}
