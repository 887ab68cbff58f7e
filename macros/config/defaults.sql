{#-
  Every default of the package, in one place. docs/configuration.md "Settings and their defaults" and "Thresholds" document each
  key. A user overrides any of them for all monitored models under `vars.retrain_gate.defaults`,
  for one model under `vars.retrain_gate.models.<model_id>`, and thresholds for one feature
  under `thresholds.by_feature.<feature>`.
-#}
{% macro retrain_gate_defaults() %}
  {{ return({
    'window_days': 7,
    'lookback_days': 3,
    'duplicate_id_days': 7,
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
    'maturity_days': 30,
    'min_labelled_rows': 1000,
    'min_band_labels': 100,
    'persistence_days': 3,
    'calibration': 'relative',
    'thresholds': {
      'psi': {'warn': 0.1, 'breach': 0.25},
      'daily_psi': {'warn': 0.1, 'breach': 0.25},
      'js_distance': {'warn': 0.1, 'breach': 0.2},
      'ks': {'warn': 0.1, 'breach': 0.2},
      'linf': {'warn': 0.1, 'breach': 0.2},
      'null_spike': {'warn': 0.02, 'breach': 0.05, 'min_z': 4},
      'stale_entities': {'warn': 0.15, 'breach': 0.3, 'min_z': 4},
      'scale_shift': {'warn': 2, 'breach': 5, 'min_z': 4},
      'frozen_values': {'warn': 0.05, 'breach': 0.001},
      'unseen_categories': {'warn': 0.01, 'breach': 0.02},
      'identical_histogram': {'warn': 2, 'breach': 3},
      'source_freshness': {'warn': 2, 'breach': 3},
      'calibration': {'warn': 1.25, 'breach': 1.5, 'min_z': 4},
      'rank_order': {'warn': 3, 'breach': 4},
      'loss_rank_order': {'warn': 3, 'breach': 4},
      'band_loss_shift': {'warn': 1.25, 'breach': 1.5, 'min_z': 4},
      'discrimination': {'warn': 2, 'breach': 3, 'min_effect': 0.005},
      'label_coverage': {'warn': 0.1, 'breach': 0.25, 'min_z': 4},
      'proxy_alignment': {'warn': 0.1, 'breach': 0.2, 'min_z': 4, 'max_proxy_fall': 0.05},
      'override_rate': {'warn': 0.02, 'breach': 0.03, 'min_z': 4},
      'segment_mix': {'warn': 0.1, 'breach': 0.25},
      'mix_attribution': {'warn': 0.33, 'breach': 0.5, 'min_z': 3},
    },
  }) }}
{% endmacro %}

