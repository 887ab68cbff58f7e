{#-
  One model's staged categorical values counted per `keys`, feature and category, each count
  with its category's reference bin: columns `keys`, `feature` (its name), the columns of
  `extra` ({column: one SQL expression per feature, in order}), `category`, `n` and `bin_index`
  (null for a category the reference never saw). Null values are left out.

  One scan of the model's rows counts every feature, grouped by one grouping set per feature
  (grouping() tells whose set a row is); only the counted rows meet the reference categories.
  Unpivoting the rows first (a row per row and feature) pushed them all through the join: at
  10M rows and five features, 50M pairs (bench/README.md, "The categorical count by grouping
  sets").
  sqlfluff's DuckDB dialect does not parse `grouping sets`: a model calling this marks the
  call `noqa: PRS`.
-#}
{% macro staged_category_bins(m, plan, features, keys, extra={}) %}
  {%- set slots = features | map(attribute='slot') | list -%}
  {%- set named = {'feature': []} -%}
  {%- for feature in features -%}{%- do named.feature.append("'" ~ feature.name ~ "'") -%}{%- endfor -%}
  {%- do named.update(extra) -%}
  {%- set text = dbt.type_string() -%}
  {%- set categories = [] -%}
  {%- for slot in slots -%}{%- do categories.append('cast(' ~ slot ~ ' as ' ~ text ~ ')') -%}{%- endfor %}
  select
    {%- for key in keys %}
    counted.{{ key }},
    {%- endfor %}
    {%- for column in named %}
    counted.{{ column }},
    {%- endfor %}
    counted.category,
    counted.n,
    categories.bin_index
  from (
    select
      {%- for key in keys %}
      {{ key }},
      {%- endfor %}
      {%- for column, expressions in named.items() %}
      case
        {%- for slot in slots %}
        when grouping({{ slot }}) = 0 then {{ expressions[loop.index0] }}
        {%- endfor %}
      end as {{ column }},
      {%- endfor %}
      {%- if categories | length > 1 %}
      -- in a feature's grouping set the other features' columns are null
      coalesce({{ categories | join(', ') }}) as category,
      {%- else %}
      {{ categories[0] }} as category,
      {%- endif %}
      count(*) as n
    from ({{ retrain_gate.staged_rows(m, plan, keys + slots) }}) as staged
    group by grouping sets (
      {%- for slot in slots %}
      ({{ (keys + [slot]) | join(', ') }}){{ ',' if not loop.last }}
      {%- endfor %}
    )
  ) as counted
  left join {{ ref('int_retrain_gate__reference_categories') }} as categories
    on
      categories.model_id = '{{ m.model_id }}'
      and counted.feature = categories.feature
      and counted.category = categories.category
  where counted.category is not null
{%- endmacro %}
