{#-
  The shared tail of a daily profile of matured feedback per model (the class and ranking
  profiles), whose per-model CTEs counts_1, counts_2, ... hold event_date and `columns`
  [(name, type)]: their union, typed, with each row's model, day, labels_arrived_through and
  provenance. matured_profile_columns gives the same shape for empty_relation.
-#}
{% macro matured_profile_rows(models, fingerprints, columns) %}
daily as (
    {%- for item in models %}
    select '{{ item.m.model_id }}' as model_id, counts_{{ loop.index }}.* from counts_{{ loop.index }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    cast(daily.model_id as {{ dbt.type_string() }}) as model_id,
    daily.event_date as profile_date,
    {%- for name, type in columns %}
    cast(daily.{{ name }} as {{ type }}) as {{ name }},
    {%- endfor %}
    {{ retrain_gate.labels_arrived_through('daily.model_id', models) }} as labels_arrived_through,
    {{ retrain_gate.row_provenance('daily.model_id', fingerprints) }}
from daily
{%- endmacro %}


{#- The columns of matured_profile_rows, for empty_relation. -#}
{% macro matured_profile_columns(columns) %}
  {{ return([('model_id', dbt.type_string()), ('profile_date', 'date')] + columns
            + [('labels_arrived_through', dbt.type_timestamp()), ('fingerprint', dbt.type_string()),
               ('computed_at', dbt.type_timestamp())]) }}
{% endmacro %}
