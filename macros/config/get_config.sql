{#-
  get_config(): reads the `retrain_gate` var, validates it and returns it normalised, with every
  default applied. All models and macros of the package read their configuration through it.

  Returned shape:
    {models: [model, ...] (sorted by model_id), by_id: {model_id: model}, events: str|none,
     gates: {verdict: error|warn|off}, as_of: 'YYYY-MM-DD',
     layout: {numeric: N, categorical: C, segments: S, updated: U}}
  where a model is the user's entry plus model_id, reference {kind, ...}, segments
  [{column, slot}], features [{name, kind, slot, critical, is_score, updated_at, updated_slot}]
  (the score is profiled as a numeric feature too), thresholds {check: {warn, breach, ...}} and
  feature_thresholds. The layout is the number of slots of each kind the staged shape needs.
-#}
{% macro get_config() %}
  {%- set raw = var('retrain_gate', none) -%}
  {#- computed once per invocation and var value: a run calls it from every model and macro.
      The cache lives in `graph` (a dict shared by the invocation's nodes); callers only read. -#}
  {%- set cache = graph.setdefault('retrain_gate_config', {}) if graph is mapping else {} -%}
  {%- set key = (raw | string) ~ '|' ~ var('retrain_gate_as_of', '') ~ '|' ~ run_started_at -%}
  {%- if key in cache -%}{{ return(cache[key]) }}{%- endif -%}
  {%- if raw is none -%}
    {{ retrain_gate.config_error(none, none, 'the var is not set, so no model is monitored.',
        'add `vars: {retrain_gate: {models: {<model_id>: {relation: ..., prediction_id: ..., timestamp: ..., score: ..., features: {numeric: [...]}, reference: {start: ..., end: ...}}}}}` to dbt_project.yml (README, "Use it in your dbt project").') }}
  {%- endif -%}
  {%- if raw is not mapping -%}
    {{ retrain_gate.config_error(none, none, 'expected a mapping with the key `models`, got ' ~ raw ~ '.', 'see README, "Use it in your dbt project".') }}
  {%- endif -%}
  {%- for key in raw -%}
    {%- if key not in ['models', 'events', 'defaults', 'gates'] -%}
      {{ retrain_gate.config_error(none, key, 'unknown key.', 'use only models, events, defaults and gates.') }}
    {%- endif -%}
  {%- endfor -%}

  {%- set defaults = retrain_gate.retrain_gate_defaults() -%}
  {%- set user_defaults = raw.get('defaults') or {} -%}
  {%- if user_defaults is not mapping -%}
    {{ retrain_gate.config_error(none, 'defaults', 'expected a mapping.', 'give defaults as key: value pairs, e.g. {window_days: 14}.') }}
  {%- endif -%}
  {%- for key in user_defaults -%}
    {%- if key not in defaults -%}
      {{ retrain_gate.config_error(none, 'defaults.' ~ key, 'unknown default.', 'use one of: ' ~ (defaults.keys() | sort | join(', ')) ~ '.') }}
    {%- endif -%}
  {%- endfor -%}

  {%- set models_raw = raw.get('models') -%}
  {%- if models_raw is not mapping or models_raw | length == 0 -%}
    {{ retrain_gate.config_error(none, 'models', 'expected a mapping of model_id to its settings, with at least one model.', 'declare each monitored model under models, as README "Use it in your dbt project" shows.') }}
  {%- endif -%}

  {%- set as_of = retrain_gate.as_of_date() -%}
  {%- set models = [] -%}
  {%- set by_id = {} -%}
  {%- set layout = {'numeric': 0, 'categorical': 0, 'segments': 0, 'updated': 0} -%}
  {%- for model_id in models_raw | sort -%}
    {%- set m = retrain_gate.normalise_model(model_id, models_raw[model_id], defaults, user_defaults) -%}
    {#- evaluation dates start the day after a fixed reference: none would leave the model silent -#}
    {%- if m.reference.kind == 'fixed' and m.reference.end >= as_of -%}
      {{ retrain_gate.config_error(model_id, 'reference', 'ends on ' ~ m.reference.end ~ ', not before the as-of date ' ~ as_of ~ ': there is no evaluation date, so the model would get no signal and no decision.', "end the reference before " ~ as_of ~ ", or pin a later as-of date: dbt build --vars '{retrain_gate_as_of: YYYY-MM-DD}'.") }}
    {%- endif -%}
    {%- do models.append(m) -%}
    {%- do by_id.update({model_id: m}) -%}
    {%- do layout.update({
          'numeric': [layout.numeric, m.features | selectattr('kind', 'equalto', 'numeric') | rejectattr('is_score') | list | length] | max,
          'categorical': [layout.categorical, m.features | selectattr('kind', 'equalto', 'categorical') | list | length] | max,
          'segments': [layout.segments, m.segments | length] | max,
          'updated': [layout.updated, m.features | selectattr('updated_slot') | list | length] | max}) -%}
  {%- endfor -%}

  {%- set events = raw.get('events') -%}
  {%- if events is not none -%}
    {%- do retrain_gate.parse_relation_spec(none, 'events', events) -%}
  {%- endif -%}

  {%- set gates = {} -%}
  {%- for verdict, spec in retrain_gate.retrain_gate_verdicts().items() -%}
    {%- do gates.update({verdict: spec.gate}) -%}
  {%- endfor -%}
  {%- set user_gates = raw.get('gates') or {} -%}
  {%- if user_gates is not mapping -%}
    {{ retrain_gate.config_error(none, 'gates', 'expected a mapping of verdict to severity.', 'write gates: {retrain: error, hold: warn}.') }}
  {%- endif -%}
  {%- for verdict, severity in user_gates.items() -%}
    {%- if verdict not in gates -%}
      {{ retrain_gate.config_error(none, 'gates.' ~ verdict, 'unknown verdict.', 'use one of: ' ~ gates.keys() | join(', ') ~ '.') }}
    {%- endif -%}
    {%- if severity not in ['error', 'warn', 'off'] -%}
      {{ retrain_gate.config_error(none, 'gates.' ~ verdict, 'expected error, warn or off, got ' ~ severity ~ '.', 'write gates: {' ~ verdict ~ ': warn}.') }}
    {%- endif -%}
    {%- do gates.update({verdict: severity}) -%}
  {%- endfor -%}

  {%- set config = {'models': models, 'by_id': by_id, 'events': events, 'layout': layout, 'gates': gates,
                    'as_of': as_of} -%}
  {%- do cache.update({key: config}) -%}
  {{ return(config) }}
{% endmacro %}


{#- The as-of date: the var retrain_gate_as_of, else the date the run started (UTC). -#}
{% macro as_of_date() %}
  {%- set pinned = var('retrain_gate_as_of', none) -%}
  {%- if pinned is none -%}
    {{ return(run_started_at.strftime('%Y-%m-%d')) }}
  {%- endif -%}
  {{ return(retrain_gate.parse_date(none, 'retrain_gate_as_of', pinned)) }}
{% endmacro %}


{#- A 'YYYY-MM-DD' string from a YAML date or a string; anything else is a config error. -#}
{% macro parse_date(model_id, key, value) %}
  {%- set text = value | string -%}
  {%- set match = modules.re.match('^(\\d{4})-(\\d{2})-(\\d{2})$', text) -%}
  {%- if not match or not (1 <= match.group(2) | int <= 12) or not (1 <= match.group(3) | int <= 31) -%}
    {{ retrain_gate.config_error(model_id, key, "'" ~ text ~ "' is not a date.", "write it as 'YYYY-MM-DD', e.g. '2024-03-31'.") }}
  {%- endif -%}
  {{ return(text) }}
{% endmacro %}


{#- 'name' -> {kind: ref, name}; 'source:SRC.TABLE' -> {kind: source, source, table}. -#}
{% macro parse_relation_spec(model_id, key, spec) %}
  {%- if spec is not string or spec | trim == '' -%}
    {{ retrain_gate.config_error(model_id, key, 'expected a model name or source:SOURCE.TABLE, got ' ~ spec ~ '.', "write e.g. 'fraud_predictions' (a ref) or 'source:raw.fraud_predictions'.") }}
  {%- endif -%}
  {%- if spec.startswith('source:') -%}
    {%- set parts = spec[7:].split('.') -%}
    {%- if parts | length != 2 or parts[0] == '' or parts[1] == '' -%}
      {{ retrain_gate.config_error(model_id, key, "'" ~ spec ~ "' is not of the form source:SOURCE.TABLE.", "write e.g. 'source:raw.fraud_predictions', with the source declared in your sources yml.") }}
    {%- endif -%}
    {{ return({'kind': 'source', 'source': parts[0], 'table': parts[1]}) }}
  {%- endif -%}
  {{ return({'kind': 'ref', 'name': spec}) }}
{% endmacro %}


{#- The relation a spec points at (ref or source); resolved at parse time, so dbt sees the edge. -#}
{% macro spec_relation(spec) %}
  {%- set parsed = retrain_gate.parse_relation_spec(none, 'relation', spec) -%}
  {%- if parsed.kind == 'source' -%}
    {{ return(source(parsed.source, parsed.table)) }}
  {%- endif -%}
  {{ return(ref(parsed.name)) }}
{% endmacro %}
