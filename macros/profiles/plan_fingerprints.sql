{#-
  {model_id: fingerprint} of an incremental table (retrain_gate_plan_dependencies), for the
  models it holds: the hash of the settings, derived inputs and upstream fingerprints its rows
  depend on. Computed once per invocation (read_once): what it hashes is the config and the
  reads read_once already keeps, and a table's model, its plan, and every table downstream of
  it (`after`, recursively) ask for it again.
-#}
{% macro plan_fingerprints(table) %}
  {{ return(retrain_gate.read_once('plan_fingerprints|' ~ table, retrain_gate.compute_plan_fingerprints, [table])) }}
{% endmacro %}

{% macro compute_plan_fingerprints(table) %}
  {%- set entry = retrain_gate.retrain_gate_plan_dependencies()[table] -%}
  {%- set upstream = {} -%}
  {%- for name in entry.get('after', []) -%}
    {%- do upstream.update({name: retrain_gate.plan_fingerprints(name)}) -%}
  {%- endfor -%}
  {%- set fingerprints = {} -%}
  {%- for m in retrain_gate.plan_models(entry.get('models', 'all')) -%}
    {%- set parts = [] -%}
    {%- for name in entry.get('after', []) -%}{%- do parts.append(upstream[name].get(m.model_id)) -%}{%- endfor -%}
    {%- do fingerprints.update({m.model_id: retrain_gate.model_fingerprint(entry, m, parts)}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}


{#- One model's fingerprint: its settings `entry.keys`, the inputs, `parts` and the feature if given. -#}
{% macro model_fingerprint(entry, m, parts=[], feature=none) %}
  {%- set hashed = [] -%}
  {#- classes came after the other keys: leaving it out when empty keeps the fingerprints (and so the rows) of every other kind -#}
  {#- each key's setting: a dotted path into the model's config, or `source` (what chooses the staged rows); inline, not a
      macro call per key: a fleet's fingerprints look up 13,000 settings -#}
  {%- for key in entry.get('keys', []) if key != 'classes' or m.classes -%}
    {%- set value = namespace(at=m) -%}
    {%- for part in key.split('.') if key != 'source' -%}{%- set value.at = value.at[part] -%}{%- endfor -%}
    {%- do hashed.append([key, [m.relation, m.prediction_id, m.timestamp] if key == 'source' else value.at]) -%}
  {%- endfor -%}
  {%- for name in entry.get('inputs', []) -%}
    {%- do hashed.append([name, retrain_gate.plan_input(name, m)]) -%}
  {%- endfor -%}
  {{ return(local_md5(tojson(hashed + parts + ([feature] if feature is not none else [])))) }}
{% endmacro %}


{#-
  What a table's rows depend on that the warehouse derived: `bins` (the version of every
  feature's frozen reference bins), `categorical_bins`, `categorical_features`, `score_bins`,
  `bands` (the score band edges) and `entity_sample` (the entity sample's rate).
-#}
{% macro plan_input(name, m) %}
  {%- if name in ('bins', 'categorical_bins') -%}
    {%- set versions = [] -%}
    {%- for feature, entry in (retrain_gate.reference_bin_catalog().get(m.model_id) or {}).items() | sort -%}
      {%- if name == 'bins' or entry.kind == 'categorical' -%}{%- do versions.append([feature, entry.version]) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(versions) }}
  {%- elif name == 'categorical_features' -%}
    {{ return(m.features | selectattr('kind', 'equalto', 'categorical') | list) }}
  {%- elif name == 'score_bins' -%}
    {{ return(retrain_gate.reference_bin_catalog()[m.model_id][m.score].version) }}
  {%- elif name == 'bands' -%}
    {{ return(retrain_gate.score_bands()[m.model_id]['values'] | map('string') | list) }}
  {%- elif name == 'entity_sample' -%}
    {{ return(retrain_gate.entity_sample_rates()[m.model_id] | string) }}
  {%- endif -%}
  {{ exceptions.raise_compiler_error('retrain_gate_plan_dependencies names an unknown input: ' ~ name) }}
{% endmacro %}


{#- The models a table holds (retrain_gate_plan_dependencies `models`). -#}
{% macro plan_models(kind) %}
  {%- set models = retrain_gate.get_config().models -%}
  {%- if kind == 'entity' -%}
    {{ return(models | selectattr('entity_id') | list) }}
  {%- elif kind == 'entity_sample' -%}
    {%- set rates = retrain_gate.entity_sample_rates() -%}
    {{ return(models | selectattr('entity_id') | selectattr('model_id', 'in', rates.keys() | list) | list) }}
  {%- elif kind == 'feedback' -%}
    {%- set catalog = retrain_gate.reference_bin_catalog() -%}
    {%- set bands = retrain_gate.score_bands() -%}
    {%- set held = [] -%}
    {%- for m in retrain_gate.models_with_feedback() if m.model_id in bands and m.score in (catalog.get(m.model_id) or {}) -%}
      {%- do held.append(m) -%}
    {%- endfor -%}
    {{ return(held) }}
  {%- elif kind in ('multiclass', 'ranking', 'binary_labelled') -%}
    {#- the labelled models of one kind -#}
    {{ return(retrain_gate.plan_models('feedback') | selectattr('labels') | selectattr('kind', 'equalto', kind.replace('_labelled', '')) | list) }}
  {%- elif kind == 'trust' -%}
    {%- set held = [] -%}
    {%- for m in models if m.segments or m.overrides -%}{%- do held.append(m) -%}{%- endfor -%}
    {{ return(held) }}
  {%- endif -%}
  {{ return(models) }}
{% endmacro %}
