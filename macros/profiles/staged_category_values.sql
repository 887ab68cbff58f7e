{#-
  One model's staged categorical values, unpivoted: a row per staged row and feature of
  `features` (each with name and slot), holding the columns `keys`, `feature` (its name),
  `category` (its value, null when the row has none) and the columns of `extra` (as in
  feature_positions). The model's rows are read once however many features it has.
-#}
{% macro staged_category_values(m, plan, features, keys, extra={}) %}
  {%- set slots = features | map(attribute='slot') | list -%}
  {%- set values = [] -%}
  {%- for slot in slots %}{%- do values.append('staged.' ~ slot) -%}{%- endfor -%}
  select
    {%- for key in keys %}
    staged.{{ key }},
    {%- endfor %}
    features.feature,
    {%- for column in extra %}
    features.{{ column }},
    {%- endfor %}
    {{ retrain_gate.at_feature_position(values, dbt.type_string(), 'features.feature_position') }} as category
  from ({{ retrain_gate.staged_rows(m, plan, keys + slots) }}) as staged
  cross join ({{ retrain_gate.feature_positions(features | map(attribute='name') | list, extra) }}) as features
{%- endmacro %}
