{#-
  Which (model, feature) reference bins to compute in this run, for the incremental models
  int_retrain_gate__reference_categories and int_retrain_gate__reference_bins.

  Bins are frozen once computed: daily histograms are counted over them, so they must not move
  when late rows reach the reference. They are computed again only when their fingerprint (the
  settings they depend on) changes, or when the table is rebuilt.

  The reference rows for the bins: a fixed reference's [start, end]; for a rolling reference,
  its first window, the first `rolling_days` days of the model's data. Bins wait until that
  window is complete (as-of date after its end), so they never freeze a half-filled reference.

  `table` is int_retrain_gate__reference_cuts (numeric features) or
  int_retrain_gate__reference_categories (categorical), whose fingerprint
  retrain_gate_plan_dependencies declares. Returns a list of {model, feature, fingerprint,
  start, end}; empty at parse time.
-#}
{% macro reference_plan(table) %}
  {%- set entry = retrain_gate.retrain_gate_plan_dependencies()[table] -%}
  {%- set plan = [] -%}
  {%- if not execute -%}{{ return(plan) }}{%- endif -%}
  {%- set cfg = retrain_gate.get_config() -%}
  {%- set frozen = {} -%}
  {%- if is_incremental() -%}
    {%- set rows = run_query('select distinct model_id, feature, bins_fingerprint from ' ~ this) -%}
    {%- for row in rows -%}{%- do frozen.update({row[0] ~ '.' ~ row[1]: row[2]}) -%}{%- endfor -%}
  {%- endif -%}
  {%- set first_days = retrain_gate.first_data_dates(cfg.models | selectattr('reference.kind', 'equalto', 'rolling') | list) -%}
  {%- for m in cfg.models -%}
    {%- set window = retrain_gate.edges_window(m, first_days.get(m.model_id)) -%}
    {%- if window is not none and window.end < cfg.as_of -%}
      {%- for feature in m.features if feature.kind == entry.per_feature -%}
        {%- set fingerprint = retrain_gate.model_fingerprint(entry, m, feature=feature) -%}
        {%- if frozen.get(m.model_id ~ '.' ~ feature.name) != fingerprint -%}
          {%- do plan.append({'model': m, 'feature': feature, 'fingerprint': fingerprint, 'start': window.start, 'end': window.end}) -%}
        {%- endif -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(plan) }}
{% endmacro %}


{#- {start, end} of the rows the bins are drawn from, or none when the rolling reference has no data yet. -#}
{% macro edges_window(m, first_day) %}
  {%- if m.reference.kind == 'fixed' -%}
    {{ return({'start': m.reference.start, 'end': m.reference.end}) }}
  {%- endif -%}
  {%- if first_day is none -%}{{ return(none) }}{%- endif -%}
  {{ return({'start': first_day, 'end': retrain_gate.shift_date(first_day, m.reference.rolling_days - 1)}) }}
{% endmacro %}


{#- Days from one 'YYYY-MM-DD' to another, in Jinja (days_between is the SQL expression). -#}
{% macro iso_days_between(start, end) %}
  {{ return((modules.datetime.date.fromisoformat(end | string) - modules.datetime.date.fromisoformat(start | string)).days) }}
{% endmacro %}


{#- 'YYYY-MM-DD' shifted by a number of days, in Jinja. -#}
{% macro shift_date(iso_date, days) %}
  {{ return((modules.datetime.date.fromisoformat(iso_date | string) + modules.datetime.timedelta(days=days)).isoformat()) }}
{% endmacro %}


{#- {model_id: first event date} for the given models, read from the staged predictions. -#}
{% macro first_data_dates(models) %}
  {%- set found = {} -%}
  {%- if models | length == 0 -%}{{ return(found) }}{%- endif -%}
  {%- set staged = ref('stg_retrain_gate__predictions') -%}
  {%- set rows = retrain_gate.query_if_exists(staged, 'select model_id, min(event_date) from ' ~ staged
      ~ " where model_id in ('" ~ (models | map(attribute='model_id') | join("', '")) ~ "') group by model_id") -%}
  {%- for row in rows if row[1] is not none -%}{%- do found.update({row[0]: row[1] | string}) -%}{%- endfor -%}
  {{ return(found) }}
{% endmacro %}


{#-
  Which models' entity samples to compute in this run (int_retrain_gate__reference_entities):
  the models with an entity_id whose reference rows are complete, and whose stored sample was
  drawn with other settings or not at all. Returns [{m, fingerprint, start, end}].
-#}
{% macro reference_entities_plan(table) %}
  {%- set entry = retrain_gate.retrain_gate_plan_dependencies()[table] -%}
  {%- set plan = [] -%}
  {%- if not execute -%}{{ return(plan) }}{%- endif -%}
  {%- set cfg = retrain_gate.get_config() -%}
  {%- set frozen = {} -%}
  {%- if is_incremental() -%}
    {%- for row in run_query('select model_id, sampling_fingerprint from ' ~ this) -%}
      {%- do frozen.update({row[0]: row[1]}) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- set first_days = retrain_gate.first_data_dates(cfg.models | selectattr('reference.kind', 'equalto', 'rolling') | list) -%}
  {%- for m in cfg.models if m.entity_id -%}
    {%- set window = retrain_gate.edges_window(m, first_days.get(m.model_id)) -%}
    {%- set fingerprint = retrain_gate.model_fingerprint(entry, m) -%}
    {%- if window is not none and window.end < cfg.as_of and frozen.get(m.model_id) != fingerprint -%}
      {%- do plan.append({'m': m, 'fingerprint': fingerprint, 'start': window.start, 'end': window.end}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(plan) }}
{% endmacro %}


{#- {model_id: sampling rate} of the entity samples, read when dbt executes (once: read_once). -#}
{% macro entity_sample_rates() %}
  {{ return(retrain_gate.read_once('entity_sample_rates', retrain_gate.read_entity_sample_rates)) }}
{% endmacro %}

{% macro read_entity_sample_rates() %}
  {%- set rates = {} -%}
  {%- if not execute -%}{{ return(rates) }}{%- endif -%}
  {%- set samples = ref('int_retrain_gate__reference_entities') -%}
  {%- for row in retrain_gate.query_if_exists(samples, 'select model_id, sample_rate from ' ~ samples) if row[1] is not none -%}
    {%- do rates.update({row[0]: row[1]}) -%}
  {%- endfor -%}
  {{ return(rates) }}
{% endmacro %}
