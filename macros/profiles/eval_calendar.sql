{#-
  The evaluation dates each monitored model gets in this run, with the window and reference
  each compares, as SQL over literals: (model_id, eval_date, window_start, reference_start,
  reference_end).

  Every date from the first evaluation date to the as-of date is an evaluation date: for a fixed
  reference, the day after it ends; for a rolling one, the first day on which a full reference
  (rolling_days, ending gap_days before the window) exists. The window is the `window_days`
  ending on the evaluation date; a rolling reference ends `window_days + gap_days` days before it.
  `plan` restricts the dates to those the incremental plan recomputes: from its start on, and
  its `redo` dates before it. A span: {m, start: its first date, n_days: to the as-of date,
  gaps: none, or the day numbers (0 = start) it holds before its dates run on contiguously}.
-#}
{% macro eval_calendar(plan) %}
  {%- set cfg = retrain_gate.get_config() -%}
  {%- set first_days = retrain_gate.first_data_dates(cfg.models | selectattr('reference.kind', 'equalto', 'rolling') | list) -%}
  {%- set spans = [] -%}
  {%- for m in cfg.models -%}
    {%- if m.reference.kind == 'fixed' -%}
      {%- set first_eval = retrain_gate.shift_date(m.reference.end, 1) -%}
    {%- elif m.model_id in first_days -%}
      {%- set first_eval = retrain_gate.shift_date(first_days[m.model_id], m.reference.rolling_days + m.reference.gap_days + m.window_days - 1) -%}
    {%- else -%}
      {%- set first_eval = none -%}
    {%- endif -%}
    {%- if first_eval is not none -%}
      {%- set step = plan[m.model_id] -%}
      {%- set start = first_eval if step.full else [first_eval, step.start] | max -%}
      {%- set redo = [] if step.full else step.redo | select('ge', first_eval) | select('lt', start) | select('le', cfg.as_of) | list -%}
      {%- set first = (redo + [start]) | min -%}
      {%- set n_days = retrain_gate.iso_days_between(first, cfg.as_of) + 1 -%}
      {%- if n_days > 0 -%}
        {%- set held = [] -%}
        {%- for day in redo -%}{%- do held.append(retrain_gate.iso_days_between(first, day)) -%}{%- endfor -%}
        {%- set gaps = {'held': held, 'contiguous_from': retrain_gate.iso_days_between(first, start)} if redo else none -%}
        {%- do spans.append({'m': m, 'start': first, 'n_days': n_days, 'gaps': gaps}) -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(spans) }}
{% endmacro %}


{#-
  The calendar of eval_calendar as a relation: (model_id, eval_date, window_start, window_end,
  reference_start, reference_end), the window ending on the evaluation date.
-#}
{% macro eval_calendar_sql(spans) %}
  {{ retrain_gate.calendar_sql(spans, false) }}
{%- endmacro %}


{#-
  The frame outcome signals of each evaluation date compare, as SQL: (model_id, eval_date,
  window_start, window_end, reference_start, reference_end), prediction days whose labels are
  matured. The frame is the evaluation date's own (eval_calendar_sql) moved back by the model's
  maturity_days, and a window never reaches into a fixed reference: it starts the day after the
  reference ends at the earliest, so it may be short or empty while the first labels mature.
-#}
{% macro outcome_calendar_sql(spans) %}
  {{ retrain_gate.calendar_sql(spans, true) }}
{%- endmacro %}


{#-
  Both calendars. Each model's frame is a set of offsets in days from the evaluation date (a
  rolling reference's too; a fixed reference's dates are literals), carried as columns, so each
  date is one add_days over every model: a CASE with a branch per model in every column made a
  fleet's calendar thousands of dispatched macro calls to compile, and a statement to bind.
-#}
{% macro calendar_sql(spans, outcome) %}
  {%- set string_type = dbt.type_string() -%}
  {%- set int_type = dbt.type_int() -%}
  with day_numbers as (
    {{ retrain_gate.whole_numbers(spans | map(attribute='n_days') | max) }}
  ),

  model_days as (
    {%- for span in spans %}
    {%- set r = span.m.reference %}
    {%- set matured = span.m.maturity_days if outcome else 0 %}
    select
      cast('{{ span.m.model_id }}' as {{ string_type }}) as model_id,
      {{ retrain_gate.date_literal(span.start) }} as first_date,
      n as day_number,
      {{ 1 - span.m.window_days - matured }} as window_start_offset,
      {{ 0 - matured }} as window_end_offset,
      {%- if r.kind == 'fixed' %}
      {{ retrain_gate.date_literal(r.start) }} as fixed_reference_start,
      {{ retrain_gate.date_literal(r.end) }} as fixed_reference_end,
      cast(null as {{ int_type }}) as reference_start_offset,
      cast(null as {{ int_type }}) as reference_end_offset
      {%- else %}
      cast(null as date) as fixed_reference_start,
      cast(null as date) as fixed_reference_end,
      {{ 1 - span.m.window_days - r.gap_days - r.rolling_days - matured }} as reference_start_offset,
      {{ 0 - span.m.window_days - r.gap_days - matured }} as reference_end_offset
      {%- endif %}
    from day_numbers
    where
      n < {{ span.n_days }}
      {%- if span.gaps %}
      and (n >= {{ span.gaps.contiguous_from }} or n in ({{ span.gaps.held | join(', ') }}))
      {%- endif %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
  ),

  dated as (
    select
      model_days.*,
      {{ retrain_gate.add_days('model_days.first_date', 'model_days.day_number') }} as eval_date
    from model_days
  )

  select
    dated.model_id,
    dated.eval_date,
    {%- set window_start = retrain_gate.add_days('dated.eval_date', 'dated.window_start_offset') %}
    {%- if outcome %}
    case
      when dated.fixed_reference_end >= {{ window_start }} then {{ retrain_gate.add_days('dated.fixed_reference_end', 1) }}
      else {{ window_start }}
    end as window_start,
    {{ retrain_gate.add_days('dated.eval_date', 'dated.window_end_offset') }} as window_end,
    {%- else %}
    {{ window_start }} as window_start,
    dated.eval_date as window_end,
    {%- endif %}
    coalesce(dated.fixed_reference_start, {{ retrain_gate.add_days('dated.eval_date', 'dated.reference_start_offset') }}) as reference_start,
    coalesce(dated.fixed_reference_end, {{ retrain_gate.add_days('dated.eval_date', 'dated.reference_end_offset') }}) as reference_end
  from dated
{%- endmacro %}
