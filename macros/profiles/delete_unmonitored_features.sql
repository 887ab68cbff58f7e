{#-
  Pre-hook of the frozen reference bins (cuts, categories): removes the rows of features a
  model no longer monitors, so that a feature dropped from the config leaves no bins behind
  (a rebuild would have none). The features of `kind` each monitored model lists are kept.
-#}
{% macro delete_unmonitored_features(kind) %}
  {%- if execute and is_incremental() -%}
    {%- set kept = {} -%}
    {%- for m in retrain_gate.get_config().models -%}
      {%- do kept.update({m.model_id: m.features | selectattr('kind', 'equalto', kind) | map(attribute='name') | list}) -%}
    {%- endfor -%}
    {{ adapter.dispatch('delete_unmonitored_features', 'retrain_gate')(this, kept) }}
  {%- else -%}
    select 1
  {%- endif -%}
{% endmacro %}

{%- macro default__delete_unmonitored_features(relation, kept) -%}
  delete from {{ relation }} where
  {%- for model_id, features in kept.items() %}
    (model_id = '{{ model_id }}' and feature not in ('{{ features | join("', '") }}')){{ ' or' if not loop.last }}
  {%- else %} 1 = 0
  {%- endfor %}
{%- endmacro -%}

{#- Parquet tables cannot delete rows: drop the (model_id, feature) partitions of the features dropped. -#}
{%- macro spark__delete_unmonitored_features(relation, kept) -%}
  {%- set dropped = [] -%}
  {%- for row in run_query('select distinct model_id, feature from ' ~ relation) -%}
    {%- if row[0] in kept and row[1] not in kept[row[0]] -%}{%- do dropped.append(row) -%}{%- endif -%}
  {%- endfor -%}
  {%- if dropped -%}
    alter table {{ relation }} drop if exists
    {%- for row in dropped %} partition (model_id = '{{ row[0] }}', feature = '{{ row[1] }}'){{ ',' if not loop.last }}{% endfor %}
  {%- else -%}
    select 1
  {%- endif -%}
{%- endmacro -%}
