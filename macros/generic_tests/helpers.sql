{#-
  Helpers shared by the generic tests (drift_bound, not_frozen); not tests themselves.
-#}

{#- "a.c1, a.c2, " for the group columns (prefixed by `alias.` when given), or "" without groups. -#}
{% macro group_select_list(columns, alias=none) %}
  {%- for column in columns -%}
    {{ alias ~ '.' if alias }}{{ column }}, {% endfor -%}
{%- endmacro %}


{#-
  The group columns of `left` and `right` are equal, nulls equal to nulls: a null group value is
  a group like any other. Plain comparisons, so every engine (and Postgres's hash and merge joins)
  can use it; "1 = 1" without groups.
-#}
{% macro groups_match(columns, left, right) %}
  {%- for column in columns -%}
    ({{ left }}.{{ column }} = {{ right }}.{{ column }} or ({{ left }}.{{ column }} is null and {{ right }}.{{ column }} is null))
    {{- ' and ' if not loop.last }}
  {%- else -%}
    1 = 1
  {%- endfor -%}
{%- endmacro %}


{#-
  The last `days` days ending on `as_of` (a 'YYYY-MM-DD' date) or, without as_of, on the latest
  day of `days_relation`'s column `day_column`: one row with window_start and window_end, both
  dates and both inclusive.
-#}
{% macro last_days_window(days_relation, day_column, days, as_of) %}
  select
    {{ retrain_gate.add_days('as_of_date.window_end', 1 - days) }} as window_start,
    as_of_date.window_end
  from (
    {%- if as_of %}
    select {{ retrain_gate.date_literal(as_of) }} as window_end
    {%- else %}
    select max({{ day_column }}) as window_end from {{ days_relation }}
    {%- endif %}
  ) as as_of_date
{%- endmacro %}


{#-
  Stops dbt with a message naming the test, the column, the argument and the problem (dbt adds
  the test node and its yml file). Generic tests are rendered at parse time, so a mistaken
  argument stops every command before anything runs.
-#}
{% macro generic_test_argument_error(test_name, column_name, argument, problem) %}
  {{ exceptions.raise_compiler_error(
      'retrain_gate.' ~ test_name ~ " on column '" ~ column_name ~ "': argument " ~ argument ~ ' ' ~ problem ~ '.') }}
{%- endmacro %}


{#- True when `value` is a date, or text 'YYYY-MM-DD' (YAML reads an unquoted date as a date). -#}
{% macro is_iso_date(value) %}
  {{ return(value is not none and modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value | string) is not none) }}
{%- endmacro %}
