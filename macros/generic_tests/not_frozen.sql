{#-
  not_frozen: a column still takes more than one value in the last `days` days, overall or per
  group. A feed that stopped updating a column (a default written everywhere, a join that lost
  its source, a snapshot repeated) leaves it at one value, or all nulls.

  Window, on the day of `timestamp_column` (cast(timestamp_column as date)): the `days` days
  ending on `as_of`, both ends included; without as_of, on the latest day in the model (all
  rows, all groups, after `where`).

  A group fails when it has rows in the window and
    count(distinct column) <= 1
  over them: one distinct non-null value, or nulls only. A group with no row in the window is
  not judged (a feed that stopped altogether is a recency test's job). Any column type.

  Arguments:
    column_name       the column (from the column the test is under)
    timestamp_column  a date or timestamp column of the model
    days              how many days the window holds (default 1)
    as_of             the window's last day, 'YYYY-MM-DD' (default: the latest day)
    group_by_columns  columns judged apart, one verdict per combination of values (default none)

  Failing rows, one per frozen group: the group columns, frozen_value (the one value; null when
  all are null), n_rows (rows in the window), n_values (of those, non-null), window_start and
  window_end.
-#}
{% test not_frozen(model, column_name, timestamp_column, days=1, as_of=none, group_by_columns=[]) %}
  {{ return(adapter.dispatch('test_not_frozen', 'retrain_gate')(model, column_name, timestamp_column, days, as_of, group_by_columns)) }}
{% endtest %}


{% macro default__test_not_frozen(model, column_name, timestamp_column, days, as_of, group_by_columns) %}
  {%- set mistakes = [
      (days is not integer or days < 1, 'days', 'must be a whole number >= 1, got ' ~ days),
      (as_of is not none and not retrain_gate.is_iso_date(as_of), 'as_of', "must be a date 'YYYY-MM-DD', got " ~ as_of),
      (group_by_columns is string, 'group_by_columns', 'must be a list of columns, got the text ' ~ group_by_columns),
  ] -%}
  {%- for failed, argument, problem in mistakes if failed -%}
    {{ retrain_gate.generic_test_argument_error('not_frozen', column_name, argument, problem) }}
  {%- endfor -%}
  {%- set groups = group_by_columns -%}

  with source_rows as (
    select
      {{ retrain_gate.group_select_list(groups) }}
      cast({{ timestamp_column }} as date) as rg_day,
      {{ column_name }} as rg_value
    from {{ model }}
  ),

  frozen_window as (
    {{ retrain_gate.last_days_window('source_rows', 'rg_day', days, as_of) }}
  ),

  window_rows as (
    select {{ retrain_gate.group_select_list(groups, 'source_rows') }} source_rows.rg_value
    from source_rows
    inner join frozen_window
      on source_rows.rg_day >= frozen_window.window_start
      and source_rows.rg_day <= frozen_window.window_end
  ),

  -- count(*) > 0: without groups, an empty window still aggregates to one row
  frozen_groups as (
    select
      {{ retrain_gate.group_select_list(groups) }}
      count(*) as rg_n_rows,
      count(rg_value) as rg_n_values
    from window_rows
    {% if groups %}group by {{ groups | join(', ') }}{% endif %}
    having count(*) > 0 and count(distinct rg_value) <= 1
  ),

  -- the one value of each frozen group, typed as the column (min() has no boolean on Postgres)
  frozen_values as (
    select distinct {{ retrain_gate.group_select_list(groups, 'window_rows') }} window_rows.rg_value
    from window_rows
    inner join frozen_groups
      on {{ retrain_gate.groups_match(groups, 'window_rows', 'frozen_groups') }}
    where window_rows.rg_value is not null
  )

  select
    {{ retrain_gate.group_select_list(groups, 'frozen_groups') }}
    frozen_values.rg_value as frozen_value,
    frozen_groups.rg_n_rows as n_rows,
    frozen_groups.rg_n_values as n_values,
    frozen_window.window_start,
    frozen_window.window_end
  from frozen_groups
  left join frozen_values
    on {{ retrain_gate.groups_match(groups, 'frozen_groups', 'frozen_values') }}
  cross join frozen_window
{%- endmacro %}
