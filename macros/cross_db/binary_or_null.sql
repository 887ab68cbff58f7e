{#-
  A yes/no column as 1 or 0, else null: booleans map true/false, numbers map 1/0 and any other
  value (2, -1, 0.5) is not a usable label and becomes null, which label_coverage then shows.
  `family` is the column's type family (resolve_columns).
-#}
{% macro binary_or_null(expr, family) %}
  {%- if family == 'boolean' -%}
    case when {{ expr }} then 1 when not {{ expr }} then 0 end
  {%- else -%}
    case when {{ expr }} = 1 then 1 when {{ expr }} = 0 then 0 end
  {%- endif -%}
{%- endmacro %}
