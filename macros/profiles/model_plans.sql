{#-
  The incremental plan of each per-model table (see incremental_plan), with the fingerprint of
  what its rows depend on. Zero-argument macros, so a model's pre-hook computes the same plan
  as its body.
-#}

{#- Daily feature profiles depend on the features and segments. -#}
{% macro profile_fingerprints() %}
  {%- set fingerprints = {} -%}
  {%- for m in retrain_gate.get_config().models -%}
    {%- do fingerprints.update({m.model_id: local_md5(tojson([m.features, m.segments]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}

{% macro profile_plan() %}
  {{ return(retrain_gate.incremental_plan('profile_date', retrain_gate.profile_fingerprints())) }}
{% endmacro %}


{#-
  The daily unusable-row counts depend on the relation, its id and timestamp columns and
  duplicate_id_days (how far back a copy of an id is looked for).
-#}
{% macro unusable_rows_fingerprints() %}
  {%- set fingerprints = {} -%}
  {%- for m in retrain_gate.get_config().models -%}
    {%- do fingerprints.update({m.model_id: local_md5(tojson([m.relation, m.prediction_id, m.timestamp, m.duplicate_id_days]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}

{% macro unusable_rows_plan() %}
  {{ return(retrain_gate.incremental_plan('profile_date', retrain_gate.unusable_rows_fingerprints())) }}
{% endmacro %}


{#- Daily histograms depend on the features, the segments and the version of every feature's bins. -#}
{% macro histogram_fingerprints(catalog) %}
  {%- set fingerprints = {} -%}
  {%- for m in retrain_gate.get_config().models -%}
    {%- set versions = [] -%}
    {%- for feature, entry in (catalog.get(m.model_id) or {}).items() | sort -%}
      {%- do versions.append([feature, entry.version]) -%}
    {%- endfor -%}
    {%- do fingerprints.update({m.model_id: local_md5(tojson([m.features, m.segments, versions]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}

{% macro histogram_plan() %}
  {{ return(retrain_gate.incremental_plan('profile_date', retrain_gate.histogram_fingerprints(retrain_gate.reference_bin_catalog()))) }}
{% endmacro %}


{#- Drift depends on the histograms and on the window, reference, pooling (min_day_rows) and PSI settings. -#}
{% macro drift_fingerprints() %}
  {%- set histograms = retrain_gate.histogram_fingerprints(retrain_gate.reference_bin_catalog()) -%}
  {%- set fingerprints = {} -%}
  {%- for m in retrain_gate.get_config().models -%}
    {%- do fingerprints.update({m.model_id: local_md5(tojson([histograms[m.model_id], m.window_days, m.min_day_rows, m.reference, m.psi_epsilon]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}

{% macro drift_plan() %}
  {{ return(retrain_gate.incremental_plan('eval_date', retrain_gate.drift_fingerprints(), ref('int_retrain_gate__daily_feature_histogram'), 'profile_date')) }}
{% endmacro %}


{#-
  Entity staleness depends on the features, the segments, the entity column and the entity
  sample; only models whose sample is drawn take part.
-#}
{% macro staleness_fingerprints() %}
  {%- set rates = retrain_gate.entity_sample_rates() -%}
  {%- set fingerprints = {} -%}
  {%- for m in retrain_gate.get_config().models if m.entity_id and m.model_id in rates -%}
    {%- do fingerprints.update({m.model_id: local_md5(tojson([m.features, m.segments, m.entity_id, rates[m.model_id] | string]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}


{#-
  The plan of int_retrain_gate__daily_entity_staleness: incremental_plan, plus `context_start`,
  the first day to read: the rows from there to `start` are read only as each entity's previous
  observation. int_retrain_gate__entity_last_rows holds every entity's last row before a day, so
  context_start is that day (normally `start` itself); without it (first run, or built from
  other settings) the model is recomputed in full.
-#}
{% macro staleness_plan() %}
  {%- set fingerprints = retrain_gate.staleness_fingerprints() -%}
  {%- set plan = retrain_gate.incremental_plan('profile_date', fingerprints) -%}
  {%- set state = retrain_gate.entity_state_reach() -%}
  {%- for model_id, step in plan.items() -%}
    {%- set held = state.get(model_id) -%}
    {%- if not step.full and (held is none or held.fingerprint != fingerprints.get(model_id)) -%}
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
{% macro entity_state_plan() %}
  {%- set cfg = retrain_gate.get_config() -%}
  {%- set fingerprints = retrain_gate.staleness_fingerprints() -%}
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
  Integrity checks depend on what the daily tables depend on, and on the window, the pooling
  (min_day_rows) and the reference. Without a `reach`, incremental_plan recomputes every
  evaluation date from the first profile day rewritten: all the dates whose pools (pooled_days,
  eval_date - window_days + 1 .. eval_date) may hold it.
-#}
{% macro integrity_fingerprints() %}
  {%- set histograms = retrain_gate.histogram_fingerprints(retrain_gate.reference_bin_catalog()) -%}
  {%- set fingerprints = {} -%}
  {%- for m in retrain_gate.get_config().models -%}
    {%- do fingerprints.update({m.model_id: local_md5(tojson([histograms[m.model_id], m.entity_id, m.window_days, m.min_day_rows, m.reference]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}

{% macro integrity_plan() %}
  {{ return(retrain_gate.incremental_plan('eval_date', retrain_gate.integrity_fingerprints(),
      ref('int_retrain_gate__daily_feature_profile'), 'profile_date')) }}
{% endmacro %}


{#-
  Daily outcome profiles depend on the feedback columns, the segments, the score's histogram
  bins, the bands and maturity_days; only models with labels or a proxy whose score bins and
  bands exist take part.
-#}
{% macro outcome_profile_fingerprints(catalog, bands) %}
  {%- set fingerprints = {} -%}
  {%- for m in retrain_gate.models_with_feedback() if m.model_id in bands and m.score in (catalog.get(m.model_id) or {}) -%}
    {%- do fingerprints.update({m.model_id: local_md5(tojson([m.labels, m.proxy, m.segments, m.maturity_days,
          catalog[m.model_id][m.score].version, bands[m.model_id]['values'] | map('string') | list]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}

{#-
  The plan of int_retrain_gate__daily_outcome_profile: incremental_plan, plus, for models with
  labels.arrived_at, the prediction days before `start` whose feedback arrived since the last
  run (label_arrivals) in `redo`, and `arrived_through`, the newest arrival counted once this
  run is written (stored on its rows as labels_arrived_through).
-#}
{% macro outcome_profile_plan(fingerprints=none) %}
  {%- set fingerprints = fingerprints if fingerprints is not none else retrain_gate.outcome_profile_fingerprints(
        retrain_gate.reference_bin_catalog(), retrain_gate.score_bands()) -%}
  {%- set plan = retrain_gate.incremental_plan('profile_date', fingerprints) -%}
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


{#- Daily trust profiles (decisions and overrides per segment) depend on the segments and the override flag. -#}
{% macro trust_profile_fingerprints() %}
  {%- set fingerprints = {} -%}
  {%- for m in retrain_gate.get_config().models if m.segments or m.overrides -%}
    {%- do fingerprints.update({m.model_id: local_md5(tojson([m.segments, m.overrides]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}

{% macro trust_profile_plan() %}
  {{ return(retrain_gate.incremental_plan('profile_date', retrain_gate.trust_profile_fingerprints())) }}
{% endmacro %}


{#-
  Band outcomes and outcome checks depend on the outcome profiles, the window and reference,
  the proxy's tolerance (max_proxy_fall) and the calibration mode.
-#}
{% macro outcome_window_fingerprints() %}
  {%- set profiles = retrain_gate.outcome_profile_fingerprints(retrain_gate.reference_bin_catalog(), retrain_gate.score_bands()) -%}
  {%- set fingerprints = {} -%}
  {%- for model_id, profile in profiles.items() -%}
    {%- set m = retrain_gate.get_config().by_id[model_id] -%}
    {%- do fingerprints.update({model_id: local_md5(tojson([profile, m.window_days, m.reference, m.thresholds.proxy_alignment.max_proxy_fall, m.calibration]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
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
  Band outcomes and outcome checks recompute their new dates and exactly the earlier ones whose
  outcome windows or references hold a rewritten daily outcome profile: a day relabelled late
  (labels.arrived_at) rewrites its own evaluation dates, no others.
-#}
{% macro band_outcome_plan() %}
  {{ return(retrain_gate.incremental_plan('eval_date', retrain_gate.outcome_window_fingerprints(),
      ref('int_retrain_gate__daily_outcome_profile'), 'profile_date', retrain_gate.outcome_dates_of_day)) }}
{% endmacro %}

{% macro outcome_check_plan() %}
  {{ return(retrain_gate.incremental_plan('eval_date', retrain_gate.outcome_window_fingerprints(),
      ref('retrain_gate_band_outcomes'), 'eval_date', retrain_gate.same_date)) }}
{% endmacro %}


{#- Trust checks depend on the trust profiles and the window and reference. -#}
{% macro trust_check_fingerprints() %}
  {%- set fingerprints = {} -%}
  {%- for model_id, profile in retrain_gate.trust_profile_fingerprints().items() -%}
    {%- set m = retrain_gate.get_config().by_id[model_id] -%}
    {%- do fingerprints.update({model_id: local_md5(tojson([profile, m.window_days, m.reference, m.psi_epsilon]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}

{% macro trust_check_plan() %}
  {{ return(retrain_gate.incremental_plan('eval_date', retrain_gate.trust_check_fingerprints(),
      ref('int_retrain_gate__daily_trust_profile'), 'profile_date')) }}
{% endmacro %}
