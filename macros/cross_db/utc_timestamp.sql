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

{#-
  Spark: its `timestamp` is an instant shown in the session time zone (a timestamptz), and a
  cast to date takes the session's date. to_utc_timestamp moves it to the instant whose
  session-zone wall clock reads the UTC one, so its date is the UTC date. timestamp_ntz, dates
  and text have no zone: a plain cast keeps their wall clock, as on the other engines.
-#}
{% macro spark__utc_timestamp(expr, dtype) %}
  {%- if dtype is not none and dtype | lower == 'timestamp' -%}
    to_utc_timestamp({{ expr }}, current_timezone())
  {%- else -%}
    cast({{ expr }} as {{ dbt.type_timestamp() }})
  {%- endif -%}
{%- endmacro %}

{#-
  Snowflake has no `at time zone`: TIMESTAMP_TZ (an offset per value) and TIMESTAMP_LTZ (an
  instant shown in the session's zone) are converted to UTC, then their wall clock kept as
  TIMESTAMP_NTZ, so the date is the UTC date in any session zone. TIMESTAMP_NTZ, dates and text
  have no zone and cast as they are.
-#}
{% macro snowflake__utc_timestamp(expr, dtype) %}
  {%- if dtype is not none and modules.re.match('timestamp_[lt]z|timestamptz|timestampltz', dtype | lower) -%}
    cast(convert_timezone('UTC', {{ expr }}) as {{ dbt.type_timestamp() }})
  {%- else -%}
    cast({{ expr }} as {{ dbt.type_timestamp() }})
  {%- endif -%}
{%- endmacro %}
