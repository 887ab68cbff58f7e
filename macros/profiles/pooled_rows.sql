{#-
  The FROM clause of the rows of `daily` on the days of `pools` (pooled_days): both CTE names,
  used as their aliases, joined by model_id, profile_date and `keys`.
-#}
{% macro pooled_rows(pools, daily, keys) %}
    from {{ pools }}
    inner join {{ daily }}
        on
            {{ pools }}.model_id = {{ daily }}.model_id
            and {{ pools }}.profile_date = {{ daily }}.profile_date
            {%- for key in keys %}
            and {{ pools }}.{{ key }} = {{ daily }}.{{ key }}
            {%- endfor %}
{%- endmacro %}
