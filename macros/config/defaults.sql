{#-
  Every default of the package, in one place. README "Configuration" documents each key.
  A user overrides any of them for all monitored models under `vars.retrain_gate.defaults`,
  or for one model under `vars.retrain_gate.models.<model_id>`.
-#}
{% macro retrain_gate_defaults() %}
  {{ return({
    'window_days': 7,
    'lookback_days': 3,
    'bands': 10,
    'histogram_bins': 100,
    'drift_bins': 10,
    'top_categories': 20,
    'edge_sample_rows': 100000,
    'psi_epsilon': 0.0001,
    'min_window_rows': 500,
    'min_reference_rows': 1000,
    'thresholds': {
      'psi': {'warn': 0.1, 'breach': 0.25},
      'js_distance': {'warn': 0.1, 'breach': 0.2},
      'ks': {'warn': 0.1, 'breach': 0.2},
      'linf': {'warn': 0.1, 'breach': 0.2},
    },
  }) }}
{% endmacro %}


{#- The drift checks and the feature kinds each applies to. -#}
{% macro retrain_gate_drift_checks() %}
  {{ return({
    'psi': ['numeric', 'categorical'],
    'js_distance': ['numeric', 'categorical'],
    'ks': ['numeric'],
    'linf': ['categorical'],
  }) }}
{% endmacro %}
