{#-
  The expression of `expressions` (one per feature, in the order of feature_positions; none
  where a feature has none) at the row's `position` (its feature_position column), as
  `sql_type`; null where none.
-#}
{% macro at_feature_position(expressions, sql_type, position) %}
  {%- set arms = [] -%}
  {%- for expression in expressions -%}
    {%- if expression is not none -%}{%- do arms.append('when ' ~ loop.index ~ ' then ' ~ expression) -%}{%- endif -%}
  {%- endfor -%}
  cast({{ ('case ' ~ position ~ ' ' ~ arms | join(' ') ~ ' end') if arms else 'null' }} as {{ sql_type }})
{%- endmacro %}
