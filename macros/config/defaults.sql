{#-
  Every default of the package, in one place. README "Configuration" and "Checks" document each
  key. A user overrides any of them for all monitored models under `vars.retrain_gate.defaults`,
  for one model under `vars.retrain_gate.models.<model_id>`, and thresholds for one feature
  under `thresholds.by_feature.<feature>`.
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
    'entity_sample_size': 20000,
    'psi_epsilon': 0.0001,
    'min_window_rows': 500,
    'min_day_rows': 200,
    'min_reference_rows': 1000,
    'thresholds': {
      'psi': {'warn': 0.1, 'breach': 0.25},
      'js_distance': {'warn': 0.1, 'breach': 0.2},
      'ks': {'warn': 0.1, 'breach': 0.2},
      'linf': {'warn': 0.1, 'breach': 0.2},
      'null_spike': {'warn': 0.02, 'breach': 0.05, 'min_z': 4},
      'stale_entities': {'warn': 0.15, 'breach': 0.3, 'min_z': 4},
      'scale_shift': {'warn': 2, 'breach': 5},
      'frozen_values': {'warn': 0.05, 'breach': 0.001},
      'unseen_categories': {'warn': 0.01, 'breach': 0.02},
      'identical_histogram': {'warn': 2, 'breach': 3},
      'source_freshness': {'warn': 2, 'breach': 3},
    },
  }) }}
{% endmacro %}


{#-
  Every check: its family, the feature kinds it applies to (none: a check of the whole model),
  the sample its minimum applies to (window: min_window_rows values in the window, day:
  min_day_rows on the evaluation day, none), and the rule its status follows, with bound = the
  warn or the breach threshold:
    at_least   value >= bound
    at_most    value <= bound                       (so warn >= breach)
    fold       max(value, 1 / value) >= bound       (a factor, either way)
    rise       value - baseline >= bound and z_score >= min_z (a significant rise)
-#}
{% macro retrain_gate_checks() %}
  {{ return({
    'psi': {'family': 'drift', 'kinds': ['numeric', 'categorical'], 'rule': 'at_least', 'sample': 'window'},
    'js_distance': {'family': 'drift', 'kinds': ['numeric', 'categorical'], 'rule': 'at_least', 'sample': 'window'},
    'ks': {'family': 'drift', 'kinds': ['numeric'], 'rule': 'at_least', 'sample': 'window'},
    'linf': {'family': 'drift', 'kinds': ['categorical'], 'rule': 'at_least', 'sample': 'window'},
    'null_spike': {'family': 'integrity', 'kinds': ['numeric', 'categorical'], 'rule': 'rise', 'sample': 'day'},
    'stale_entities': {'family': 'integrity', 'kinds': ['numeric', 'categorical'], 'rule': 'rise', 'sample': 'day'},
    'scale_shift': {'family': 'integrity', 'kinds': ['numeric'], 'rule': 'fold', 'sample': 'day'},
    'frozen_values': {'family': 'integrity', 'kinds': ['numeric'], 'rule': 'at_most', 'sample': 'day'},
    'unseen_categories': {'family': 'integrity', 'kinds': ['categorical'], 'rule': 'at_least', 'sample': 'day'},
    'identical_histogram': {'family': 'integrity', 'kinds': ['numeric', 'categorical'], 'rule': 'at_least', 'sample': 'day'},
    'source_freshness': {'family': 'integrity', 'kinds': [], 'rule': 'at_least', 'sample': 'none'},
  }) }}
{% endmacro %}
