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


{#- Drift depends on the histograms and on the window, reference and PSI settings. -#}
{% macro drift_fingerprints() %}
  {%- set histograms = retrain_gate.histogram_fingerprints(retrain_gate.reference_bin_catalog()) -%}
  {%- set fingerprints = {} -%}
  {%- for m in retrain_gate.get_config().models -%}
    {%- do fingerprints.update({m.model_id: local_md5(tojson([histograms[m.model_id], m.window_days, m.reference, m.psi_epsilon]))}) -%}
  {%- endfor -%}
  {{ return(fingerprints) }}
{% endmacro %}

{% macro drift_plan() %}
  {{ return(retrain_gate.incremental_plan('eval_date', retrain_gate.drift_fingerprints(), ref('int_retrain_gate__daily_feature_histogram'), 'profile_date')) }}
{% endmacro %}
