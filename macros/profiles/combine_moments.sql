{#-
  Combines parts (count n_values, mean_value, m2 = sum of squared deviations from the part's
  mean) into one row per `keys`, exactly: mean = sum(n_i * mean_i) / n and
  m2 = sum(m2_i + n_i * (mean_i - mean)^2) (Chan et al.), stable where sums of squares are not.
  Also sums n_rows and n_values, and takes min/max of min_value/max_value and the max of every
  column in `maxima`.
-#}
{% macro combine_moments(parts, keys, maxima=[]) %}
  {%- set key_list = keys | join(', ') -%}
  select
    {%- for key in keys %}
    parts.{{ key }},
    {%- endfor %}
    sum(parts.n_rows) as n_rows,
    sum(parts.n_values) as n_values,
    min(parts.min_value) as min_value,
    max(parts.max_value) as max_value,
    {%- for column in maxima %}
    max(parts.{{ column }}) as {{ column }},
    {%- endfor %}
    max(totals.mean_value) as mean_value,
    sum(parts.m2 + parts.n_values * (parts.mean_value - totals.mean_value) * (parts.mean_value - totals.mean_value)) as m2
  from {{ parts }} as parts
  inner join (
    select {{ key_list }}, sum(n_values * mean_value) / nullif(sum(n_values), 0) as mean_value
    from {{ parts }} as all_parts
    group by {{ key_list }}
  ) as totals
    on {% for key in keys %}parts.{{ key }} = totals.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}
  group by {% for key in keys %}parts.{{ key }}{{ ', ' if not loop.last }}{% endfor %}
{%- endmacro %}
