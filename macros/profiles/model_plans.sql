{#-
  The incremental plan of each per-model table (see incremental_plan), read from the dependency
  registry (retrain_gate_plan_dependencies): its date column, its fingerprints, the upstream
  table whose rewritten days move it and how. The tables that need more (the entity state, the
  matured outcomes) have their own plan macro, named in the registry.
-#}
{% macro table_plan(table) %}
  {%- set entry = retrain_gate.retrain_gate_plan_dependencies()[table] -%}
  {%- set upstream = [] -%}
  {%- for name, date_column in entry.get('upstream', []) -%}{%- do upstream.append((ref(name), date_column)) -%}{%- endfor -%}
  {{ return(retrain_gate.incremental_plan(entry.date, retrain_gate.plan_fingerprints(table), upstream,
      retrain_gate[entry.reach] if entry.get('reach') else none)) }}
{% endmacro %}


{#-
  The plan of int_retrain_gate__daily_entity_staleness: incremental_plan, plus `context_start`,
  the first day to read: the rows from there to `start` are read only as each entity's previous
  observation. int_retrain_gate__entity_last_rows holds every entity's last row before a day, so
  context_start is that day (normally `start` itself); without it (first run, or built from
  other settings) the model is recomputed in full.
-#}
{% macro staleness_plan(table) %}
  {%- set plan = retrain_gate.incremental_plan('profile_date', retrain_gate.plan_fingerprints(table)) -%}
  {%- set state = retrain_gate.entity_state_reach() -%}
  {%- set state_fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__entity_last_rows') -%}
  {%- for model_id, step in plan.items() -%}
    {%- set held = state.get(model_id) -%}
    {%- if not step.full and (held is none or held.fingerprint != state_fingerprints.get(model_id)) -%}
      {%- do step.update({'full': true, 'start': none}) -%}
    {%- endif -%}
    {%- do step.update({'context_start': none if step.full else [step.start, held.first_unheld] | min}) -%}
  {%- endfor -%}
  {{ return(plan) }}
{% endmacro %}


{#- {model_id: {first_unheld: the day after the newest row kept, fingerprint}} of the entity state. -#}
{% macro entity_state_reach() %}
  {%- set reach = {} -%}
  {%- if not execute -%}{{ return(reach) }}{%- endif -%}
  {%- set state = adapter.get_relation(this.database, this.schema, 'int_retrain_gate__entity_last_rows') -%}
  {%- if state is none -%}{{ return(reach) }}{%- endif -%}
  {%- set rows = run_query('select model_id, max(event_date), min(fingerprint), max(fingerprint) from ' ~ state ~ ' group by model_id') -%}
  {%- for row in rows -%}
    {%- do reach.update({row[0]: {'first_unheld': retrain_gate.shift_date(row[1] | string, 1),
                                  'fingerprint': row[2] if row[2] == row[3] else none}}) -%}
  {%- endfor -%}
  {{ return(reach) }}
{% endmacro %}


{#-
  The plan of int_retrain_gate__entity_last_rows: for each model with an entity, `settle_to`, the
  first day the next run of the staleness model will recount (its newest day minus lookback_days
  plus one): the state keeps each entity's last row before it. `from` is the first day to read
  (none: all of it, when the state is new or its settings changed).
-#}
{% macro entity_state_plan(table) %}
  {%- set cfg = retrain_gate.get_config() -%}
  {%- set fingerprints = retrain_gate.plan_fingerprints(table) -%}
  {%- set plan = {} -%}
  {%- if not execute -%}{{ return(plan) }}{%- endif -%}
  {%- set staleness = ref('int_retrain_gate__daily_entity_staleness') -%}
  {%- set newest = {} -%}
  {%- for row in retrain_gate.query_if_exists(staleness, 'select model_id, max(profile_date) from ' ~ staleness ~ ' group by model_id') -%}
    {%- do newest.update({row[0]: row[1] | string}) -%}
  {%- endfor -%}
  {%- set stored = {} -%}
  {%- if is_incremental() -%}
    {%- for row in run_query('select model_id, max(event_date), min(fingerprint), max(fingerprint) from ' ~ this ~ ' group by model_id') -%}
      {%- do stored.update({row[0]: {'last': row[1] | string, 'fingerprint': row[2] if row[2] == row[3] else none}}) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- for m in cfg.models if m.model_id in newest and m.model_id in fingerprints -%}
    {%- set held = stored.get(m.model_id) -%}
    {%- set full = held is none or held.fingerprint != fingerprints[m.model_id] -%}
    {%- do plan.update({m.model_id: {
          'full': full,
          'from': none if full else retrain_gate.shift_date(held['last'], 1),
          'settle_to': retrain_gate.shift_date(newest[m.model_id], 1 - m.lookback_days)}}) -%}
  {%- endfor -%}
  {{ return(plan) }}
{% endmacro %}


{#-
  The plan of int_retrain_gate__daily_outcome_profile: incremental_plan, plus, for models with
  labels.arrived_at, the prediction days before `start` whose feedback arrived since the last
  run (label_arrivals) in `redo`, and `arrived_through`, the newest arrival counted once this
  run is written (stored on its rows as labels_arrived_through).
-#}
{% macro outcome_profile_plan(table) %}
  {%- set plan = retrain_gate.incremental_plan('profile_date', retrain_gate.plan_fingerprints(table)) -%}
  {%- set arrivals = retrain_gate.label_arrivals(plan) -%}
  {%- for model_id, step in plan.items() -%}
    {%- set arrived = arrivals.get(model_id, {'days': [], 'through': none}) -%}
    {%- do step.update({'arrived_through': arrived.through}) -%}
    {%- if not step.full -%}
      {%- do step.update({'redo': arrived.days | select('lt', step.start) | list}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(plan) }}
{% endmacro %}


{#-
  {model_id: {days: the matured prediction days (on or before the as-of date minus
  maturity_days) with feedback that arrived (labels.arrived_at) after the newest arrival the
  outcome profile already counted, through: the newest arrival counted after this run}}, for
  the models of `plan` with labels.arrived_at. The filter on arrived_at reads only the feedback
  rows that arrived since the last run (engines prune by it when the relation is laid out by
  arrival), joined to their predictions' days.
-#}
{% macro label_arrivals(plan) %}
  {%- set arrivals = {} -%}
  {%- if not execute -%}{{ return(arrivals) }}{%- endif -%}
  {%- set counted = {} -%}
  {%- if is_incremental() -%}
    {%- for row in run_query('select model_id, max(labels_arrived_through) from ' ~ this ~ ' group by model_id') -%}
      {%- do counted.update({row[0]: row[1]}) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- set timestamp = dbt.type_timestamp() -%}
  {%- for m in retrain_gate.get_config().models if m.model_id in plan and (m.labels or {}).get('arrived_at') -%}
    {%- set before = none if plan[m.model_id].full else counted.get(m.model_id) -%}
    {%- set last_day = retrain_gate.shift_date(retrain_gate.get_config().as_of, 0 - m.maturity_days) -%}
    {%- set rows = run_query('select event_date, max(label_arrived_at) from ' ~ ref('stg_retrain_gate__predictions')
        ~ " where model_id = '" ~ m.model_id ~ "' and event_at < cast('" ~ retrain_gate.shift_date(last_day, 1) ~ "' as " ~ timestamp ~ ')'
        ~ (" and label_arrived_at > cast('" ~ before ~ "' as " ~ timestamp ~ ')' if before is not none else ' and label_arrived_at is not null')
        ~ ' group by event_date') -%}
    {%- set newest = rows | map(attribute=1) | list -%}
    {%- do arrivals.update({m.model_id: {
          'days': rows | map(attribute=0) | map('string') | sort | list,
          'through': ((newest + ([before] if before is not none else [])) | max | string) if newest or before is not none else none}}) -%}
  {%- endfor -%}
  {{ return(arrivals) }}
{% endmacro %}


{#-
  The evaluation dates whose outcome window or reference (outcome_calendar_sql) holds
  prediction day `day`: the window_days from day + maturity_days, and for a rolling reference
  the rolling_days from day + window_days + gap_days + maturity_days; none (all of them) for a
  day of a fixed reference.
-#}
{% macro outcome_dates_of_day(m, day) %}
  {%- set r = m.reference -%}
  {%- if r.kind == 'fixed' and day <= r.end | string -%}
    {{ return(none if day >= r.start | string else []) }}
  {%- endif -%}
  {%- set dates = [] -%}
  {%- for offset in range(m.window_days) -%}
    {%- do dates.append(retrain_gate.shift_date(day, m.maturity_days + offset)) -%}
  {%- endfor -%}
  {%- for offset in range(r.rolling_days or 0) -%}
    {%- do dates.append(retrain_gate.shift_date(day, m.window_days + r.gap_days + m.maturity_days + offset)) -%}
  {%- endfor -%}
  {{ return(dates) }}
{% endmacro %}

{#- An evaluation date of the band outcomes feeds the outcome checks of the same date. -#}
{% macro same_date(m, day) %}
  {{ return([day]) }}
{% endmacro %}


{#-
  The plan of int_retrain_gate__estimated_checks: its evaluation dates read two upstream
  tables. table_plan's, moved back to the first day the score histograms rewrote (a day feeds
  the evaluation dates from it on), and the dates whose outcome frames hold a day the outcome
  profile rewrote (outcome_dates_of_day) in `redo`, or the model in full when that day is in
  a fixed reference (the calibration map changed).
-#}
{% macro estimated_checks_plan(table) %}
  {%- set plan = retrain_gate.table_plan(table) -%}
  {%- set labelled = retrain_gate.incremental_plan('eval_date', retrain_gate.plan_fingerprints(table),
      [(ref('int_retrain_gate__daily_outcome_profile'), 'profile_date')], retrain_gate.outcome_dates_of_day) -%}
  {%- for model_id, step in plan.items() if not step.full -%}
    {%- set other = labelled[model_id] -%}
    {%- if other.full -%}
      {%- do step.update({'full': true, 'start': none}) -%}
    {%- else -%}
      {%- do step.update({'redo': other.redo | select('lt', step.start) | list}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(plan) }}
{% endmacro %}
