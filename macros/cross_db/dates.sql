{#- A date `days` days after `date_expr`, typed date on every engine (dbt.dateadd may return a timestamp). -#}
{% macro add_days(date_expr, days) %}
  {{- adapter.dispatch('add_days', 'retrain_gate')(date_expr, days) -}}
{%- endmacro %}

{% macro default__add_days(date_expr, days) %}
  cast({{ dbt.dateadd('day', days, date_expr) }} as date)
{%- endmacro %}

{#-
  Spark has date arithmetic on dates; dbt-spark's dateadd goes through unix timestamps and
  assert_true, which Spark 4's join reordering cannot plan (an internal error).
-#}
{% macro spark__add_days(date_expr, days) %}
  date_add(cast({{ date_expr }} as date), cast({{ days }} as int))
{%- endmacro %}


{#- Whole days from `start_date` to `end_date` (negative when end is earlier). -#}
{% macro days_between(start_date, end_date) %}
  {{- adapter.dispatch('days_between', 'retrain_gate')(start_date, end_date) -}}
{%- endmacro %}

{% macro default__days_between(start_date, end_date) %}
  {{ dbt.datediff(start_date, end_date, 'day') }}
{%- endmacro %}

{% macro spark__days_between(start_date, end_date) %}
  datediff(cast({{ end_date }} as date), cast({{ start_date }} as date))
{%- endmacro %}


{#- A date literal. -#}
{% macro date_literal(iso_date) %}
  cast('{{ iso_date }}' as date)
{%- endmacro %}


{#-
  The whole numbers 0 .. n-1 as a relation with column `n`: cross-joined digits, plain SQL on
  every engine (no generate_series), so date spines need no engine-specific code.
-#}
{% macro whole_numbers(n) %}
  {%- set digits = [1] -%}
  {%- for _ in range(12) if 10 ** (digits | length) < n -%}
    {%- do digits.append(10 ** (digits | length)) -%}
  {%- endfor -%}
  select
    {% for place in digits %}d{{ loop.index }}.d * {{ place }}{{ ' + ' if not loop.last }}{% endfor %} as n
  from
    {% for place in digits -%}
      (
        {% for d in range(10) %}select {{ d }} as d{{ ' union all ' if not loop.last }}{% endfor %}
      ) as d{{ loop.index }}{{ ',' if not loop.last }}
    {% endfor %}
  where {% for place in digits %}d{{ loop.index }}.d * {{ place }}{{ ' + ' if not loop.last }}{% endfor %} < {{ n }}
{%- endmacro %}
