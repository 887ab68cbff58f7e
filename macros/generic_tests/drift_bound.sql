{#-
  drift_bound: the distribution of a numeric column in a current window has not moved from a
  reference window by more than `max_psi` (population stability index), overall or per group.

  Windows, on the day of `timestamp_column` (cast(timestamp_column as date)):
    reference  reference_start .. reference_end, both included
    current    the `current_days` days ending on `as_of`, both ends included; without as_of,
               on the latest day in the model (all rows, all groups, after `where`)
  Only finite values count (nulls, NaN and infinities are left out on both sides).

  Bins: the reference's quantile cuts, per group. With x the group's reference values,
    c_k = percentile_cont(k / bins) within group (order by x), k = 1 .. bins - 1
  (linear interpolation between the two nearest ranks, like numpy.quantile's default), and a
  value v falls in bin 1 when v <= c_1, bin k when c_(k-1) < v <= c_k, bin `bins` when
  v > c_(bins-1). Ties can make cuts equal: the bins between them stay empty on both sides and
  add nothing.

  With p_b and q_b the current and reference shares of bin b (bin count / group's values),
    PSI = sum over b = 1 .. bins of (p'_b - q'_b) * ln(p'_b / q'_b),
    p'_b = max(p_b, epsilon), q'_b = max(q_b, epsilon)  (both sides, natural log)
  the same formula (macro psi_term) as the package's psi check.

  Arguments:
    column_name       the numeric column (from the column the test is under)
    timestamp_column  a date or timestamp column of the model
    reference_start, reference_end   the reference window, 'YYYY-MM-DD'
    current_days      how many days the current window holds (default 7)
    as_of             the current window's last day, 'YYYY-MM-DD' (default: the latest day)
    max_psi           the largest PSI that passes (default 0.25)
    bins              how many reference quantile bins (default 10)
    epsilon           the share floor (default 0.0001)
    group_by_columns  columns judged apart, one PSI per combination of values (default none)

  Failing rows, one per group: the group columns, psi, max_psi, n_reference, n_current (the
  values each window holds), current_start and current_end, for each group whose PSI is above
  max_psi, and for each group with values in one window only (psi null: it cannot be compared,
  e.g. a group that is new since the reference, or a reference window without data).
-#}
{% test drift_bound(model, column_name, timestamp_column, reference_start, reference_end, current_days=7, as_of=none, max_psi=0.25, bins=10, epsilon=0.0001, group_by_columns=[]) %}
  {{ return(adapter.dispatch('test_drift_bound', 'retrain_gate')(model, column_name, timestamp_column, reference_start, reference_end, current_days, as_of, max_psi, bins, epsilon, group_by_columns)) }}
{% endtest %}


{#- Portable SQL: percentile_cont within group (SQL:2008), CASE binning, plain joins. -#}
{% macro default__test_drift_bound(model, column_name, timestamp_column, reference_start, reference_end, current_days, as_of, max_psi, bins, epsilon, group_by_columns) %}
  {%- set mistakes = [
      (not retrain_gate.is_iso_date(reference_start), 'reference_start', "must be a date 'YYYY-MM-DD', got " ~ reference_start),
      (not retrain_gate.is_iso_date(reference_end), 'reference_end', "must be a date 'YYYY-MM-DD', got " ~ reference_end),
      (reference_end | string < reference_start | string, 'reference_end',
        '(' ~ reference_end ~ ') is before reference_start (' ~ reference_start ~ ')'),
      (as_of is not none and not retrain_gate.is_iso_date(as_of), 'as_of', "must be a date 'YYYY-MM-DD', got " ~ as_of),
      (current_days is not integer or current_days < 1, 'current_days', 'must be a whole number >= 1, got ' ~ current_days),
      (bins is not integer or bins < 2, 'bins', 'must be a whole number >= 2, got ' ~ bins),
      (max_psi is not number or max_psi < 0, 'max_psi', 'must be a number >= 0, got ' ~ max_psi),
      (epsilon is not number or epsilon <= 0, 'epsilon', 'must be a number > 0, got ' ~ epsilon),
      (group_by_columns is string, 'group_by_columns', 'must be a list of columns, got the text ' ~ group_by_columns),
  ] -%}
  {%- for failed, argument, problem in mistakes if failed -%}
    {{ retrain_gate.generic_test_argument_error('drift_bound', column_name, argument, problem) }}
  {%- endfor -%}
  {%- set groups = group_by_columns -%}
  {%- set double_type = retrain_gate.type_double() -%}

  with source_rows as (
    select
      {{ retrain_gate.group_select_list(groups) }}
      cast({{ timestamp_column }} as date) as rg_day,
      {{ retrain_gate.finite_or_null(column_name) }} as rg_value
    from {{ model }}
  ),

  current_window as (
    {{ retrain_gate.last_days_window('source_rows', 'rg_day', current_days, as_of) }}
  ),

  reference_values as (
    select {{ retrain_gate.group_select_list(groups) }} rg_value
    from source_rows
    where rg_day >= {{ retrain_gate.date_literal(reference_start) }}
      and rg_day <= {{ retrain_gate.date_literal(reference_end) }}
      and rg_value is not null
  ),

  current_values as (
    select {{ retrain_gate.group_select_list(groups, 'source_rows') }} source_rows.rg_value
    from source_rows
    inner join current_window
      on source_rows.rg_day >= current_window.window_start
      and source_rows.rg_day <= current_window.window_end
    where source_rows.rg_value is not null
  ),

  -- without groups, one row even when the reference is empty (n_reference 0, null cuts)
  cuts as (
    select
      {{ retrain_gate.group_select_list(groups) }}
      count(*) as rg_n_reference
      {%- for k in range(1, bins) %},
      percentile_cont(cast({{ k }} as {{ double_type }}) / {{ bins }}) within group (order by rg_value) as rg_cut_{{ k }}
      {%- endfor %}
    from reference_values
    {% if groups %}group by {{ groups | join(', ') }}{% endif %}
  ),

  current_totals as (
    select {{ retrain_gate.group_select_list(groups) }} count(*) as rg_n_current
    from current_values
    {% if groups %}group by {{ groups | join(', ') }}{% endif %}
  ),

  -- every group with values in either window (a full outer join, written as two joins so the
  -- null-safe group match works on every engine)
  judged_groups as (
    select
      {{ retrain_gate.group_select_list(groups, 'cuts') }}
      cuts.rg_n_reference,
      coalesce(current_totals.rg_n_current, 0) as rg_n_current
    from cuts
    left join current_totals
      on {{ retrain_gate.groups_match(groups, 'cuts', 'current_totals') }}
    union all
    select
      {{ retrain_gate.group_select_list(groups, 'current_totals') }}
      0 as rg_n_reference,
      current_totals.rg_n_current
    from current_totals
    where not exists (
      select 1 from cuts where {{ retrain_gate.groups_match(groups, 'cuts', 'current_totals') }}
    )
  ),

  {%- for side in ['reference', 'current'] %}

  {{ side }}_bins as (
    select
      {{ retrain_gate.group_select_list(groups, 'v') }}
      case
        {%- for k in range(1, bins) %}
        when v.rg_value <= cuts.rg_cut_{{ k }} then {{ k }}
        {%- endfor %}
        else {{ bins }}
      end as rg_bin,
      count(*) as rg_n
    from {{ side }}_values as v
    inner join cuts
      on {{ retrain_gate.groups_match(groups, 'v', 'cuts') }}
    group by
      {{ retrain_gate.group_select_list(groups, 'v') }}
      case
        {%- for k in range(1, bins) %}
        when v.rg_value <= cuts.rg_cut_{{ k }} then {{ k }}
        {%- endfor %}
        else {{ bins }}
      end
  ),
  {%- endfor %}

  bin_numbers as (
    select n + 1 as rg_bin
    from ({{ retrain_gate.whole_numbers(bins) }}) as numbers
  ),

  -- psi is null for a group with values in one window only (greatest() skips nulls, so the
  -- empty side is tested here rather than left to a null share)
  psi_by_group as (
    select
      {{ retrain_gate.group_select_list(groups, 'g') }}
      g.rg_n_reference,
      g.rg_n_current,
      case when g.rg_n_reference > 0 and g.rg_n_current > 0 then sum(
        {{ retrain_gate.psi_term(
            'cast(coalesce(c.rg_n, 0) as ' ~ double_type ~ ') / nullif(g.rg_n_current, 0)',
            'cast(coalesce(r.rg_n, 0) as ' ~ double_type ~ ') / nullif(g.rg_n_reference, 0)',
            'cast(' ~ epsilon ~ ' as ' ~ double_type ~ ')') }}
      ) end as rg_psi
    from judged_groups as g
    cross join bin_numbers as b
    left join current_bins as c
      on {{ retrain_gate.groups_match(groups, 'g', 'c') }} and c.rg_bin = b.rg_bin
    left join reference_bins as r
      on {{ retrain_gate.groups_match(groups, 'g', 'r') }} and r.rg_bin = b.rg_bin
    group by {{ retrain_gate.group_select_list(groups, 'g') }} g.rg_n_reference, g.rg_n_current
  )

  select
    {{ retrain_gate.group_select_list(groups, 'psi_by_group') }}
    psi_by_group.rg_psi as psi,
    cast({{ max_psi }} as {{ double_type }}) as max_psi,
    psi_by_group.rg_n_reference as n_reference,
    psi_by_group.rg_n_current as n_current,
    current_window.window_start as current_start,
    current_window.window_end as current_end
  from psi_by_group
  cross join current_window
  where psi_by_group.rg_psi > {{ max_psi }}
    or psi_by_group.rg_psi is null
{%- endmacro %}
