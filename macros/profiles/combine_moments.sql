{#-
  Combines parts (count n_values, mean_value, and mK = the sum of the K-th powers of the
  deviations from the part's mean, K = 2, 3, 4) into one row per `keys`, exactly: mean =
  sum(n_i * mean_i) / n and, with d_i = mean_i - mean (binomial expansion about the new mean;
  Chan et al., Pebay 2008), stable where sums of raw powers are not:
    m2 = sum(m2_i + n_i d_i^2)
    m3 = sum(m3_i + 3 d_i m2_i + n_i d_i^3)
    m4 = sum(m4_i + 4 d_i m3_i + 6 d_i^2 m2_i + n_i d_i^4)
  Also sums n_rows and n_values, and takes min/max of min_value/max_value and the max of every
  column in `maxima`.
-#}
{% macro combine_moments(parts, keys, maxima=[]) %}
  {%- set key_list = keys | join(', ') -%}
  {%- set d = '(parts.mean_value - totals.mean_value)' -%}
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
    sum(parts.m2 + parts.n_values * {{ d }} * {{ d }}) as m2,
    sum(parts.m3 + 3 * {{ d }} * parts.m2 + parts.n_values * {{ d }} * {{ d }} * {{ d }}) as m3,
    sum(parts.m4 + 4 * {{ d }} * parts.m3 + 6 * {{ d }} * {{ d }} * parts.m2 + parts.n_values * {{ d }} * {{ d }} * {{ d }} * {{ d }}) as m4
  from {{ parts }} as parts
  inner join (
    select {{ key_list }}, sum(n_values * mean_value) / nullif(sum(n_values), 0) as mean_value
    from {{ parts }} as all_parts
    group by {{ key_list }}
  ) as totals
    on {% for key in keys %}parts.{{ key }} = totals.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}
  group by {% for key in keys %}parts.{{ key }}{{ ', ' if not loop.last }}{% endfor %}
{%- endmacro %}
