{#-
  The newest feedback arrival each model's rows count (labels.arrived_at), as a timestamp
  literal per model of `models` [{m, arrived_through}]; null for models without arrived_at.
-#}
{% macro labels_arrived_through(model_column, models) -%}
    cast(
        {%- if models | selectattr('arrived_through') | list %}
        case {{ model_column }}
            {%- for item in models if item.arrived_through is not none %}
            when '{{ item.m.model_id }}' then '{{ item.arrived_through }}'
            {%- endfor %}
        end
        {%- else %}
        null
        {%- endif %}
        as {{ dbt.type_timestamp() }}
    )
{%- endmacro %}
