{#-
  One model's staged categorical values, unpivoted: a row per staged row and feature of
  `features` (each with name and slot), holding the columns `keys`, `feature` (its name),
  `category` (its value, null when the row has none) and, per entry of `extra` ({column: one
  SQL literal per feature, in the order of `features`}), that feature's literal. The model's
  rows are read once however many features it has: one branch a model where a union of one
  branch a feature would make the statement grow with models x features (a fleet's planning
  cost, bench/README.md "A fleet of models").
-#}
{% macro staged_category_values(m, plan, features, keys, extra={}) %}
  {%- set text = dbt.type_string() -%}
  select
    {%- for key in keys %}
    staged.{{ key }},
    {%- endfor %}
    features.feature,
    {%- for column in extra %}
    features.{{ column }},
    {%- endfor %}
    case features.slot_index
      {%- for feature in features %}
      when {{ loop.index }} then staged.{{ feature.slot }}
      {%- endfor %}
    end as category
  from ({{ retrain_gate.staged_rows(m, plan, keys + features | map(attribute='slot') | list) }}) as staged
  cross join (
    {%- for feature in features %}
    {%- set position = loop.index0 %}
    select
      {{ loop.index }} as slot_index,
      {%- for column, literals in extra.items() %}
      {{ literals[position] }} as {{ column }},
      {%- endfor %}
      cast('{{ feature.name }}' as {{ text }}) as feature
    {{ 'union all' if not loop.last }}
    {%- endfor %}
  ) as features
{%- endmacro %}
