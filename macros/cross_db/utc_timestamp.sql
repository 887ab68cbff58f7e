{#-
  A date or timestamp column as a timestamp without time zone, in UTC: a column with a time
  zone (timestamptz) is converted to UTC first, so the day a row counts on is its UTC date
  whatever the session's time zone. `dtype` is the column's type as the adapter reports it
  (resolve_columns); none at parse time.
-#}
{% macro utc_timestamp(expr, dtype) %}
  {{ return(adapter.dispatch('utc_timestamp', 'retrain_gate')(expr, dtype)) }}
{% endmacro %}

{% macro default__utc_timestamp(expr, dtype) %}
  {%- if dtype is not none and modules.re.search('with time zone|timestamptz', dtype | lower) -%}
    cast({{ expr }} at time zone 'UTC' as {{ dbt.type_timestamp() }})
  {%- else -%}
    cast({{ expr }} as {{ dbt.type_timestamp() }})
  {%- endif -%}
{%- endmacro %}
