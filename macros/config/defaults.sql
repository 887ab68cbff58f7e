{#-
  Every setting of the package, in one place: its default and what the validation accepts
  (validate_setting). docs/configuration.md "Settings and their defaults" and "Thresholds"
  document each key (python_tests/test_registry.py holds that table to this one). A user
  overrides any of them for all monitored models under `vars.retrain_gate.defaults`, for one
  model under `vars.retrain_gate.models.<model_id>`, and thresholds for one feature under
  `thresholds.by_feature.<feature>`.

  Types: whole (a whole number >= min), number (above < x < below), choice (one of choices),
  bands (normalise_bands: a count or cutpoints). `fix` replaces the generic remedy.
-#}
{% macro retrain_gate_settings() %}
  {{ return({
    'kind': {'default': 'binary', 'type': 'choice', 'choices': ['binary', 'regression', 'multiclass', 'ranking'],
      'fix': 'set kind: binary (a 0/1 label, the default), regression (a numeric label), multiclass (scores per class, a class label) or ranking (query_id and rank, a graded relevance label).'},
    'window_days': {'default': 7, 'type': 'whole', 'min': 1},
    'lookback_days': {'default': 3, 'type': 'whole', 'min': 0},
    'duplicate_id_days': {'default': 7, 'type': 'whole', 'min': 0},
    'bands': {'default': 10, 'type': 'bands'},
    'histogram_bins': {'default': 100, 'type': 'whole', 'min': 1},
    'drift_bins': {'default': 10, 'type': 'whole', 'min': 1},
    'top_categories': {'default': 20, 'type': 'whole', 'min': 1},
    'edge_sample_rows': {'default': 100000, 'type': 'whole', 'min': 1},
    'entity_sample_size': {'default': 20000, 'type': 'whole', 'min': 1},
    'psi_epsilon': {'default': 0.0001, 'type': 'number', 'above': 0, 'below': 0.1},
    'min_window_rows': {'default': 500, 'type': 'whole', 'min': 0},
    'min_day_rows': {'default': 200, 'type': 'whole', 'min': 0},
    'min_reference_rows': {'default': 1000, 'type': 'whole', 'min': 0},
    'maturity_days': {'default': 30, 'type': 'whole', 'min': 0},
    'min_labelled_rows': {'default': 1000, 'type': 'whole', 'min': 0},
    'min_band_labels': {'default': 100, 'type': 'whole', 'min': 0},
    'persistence_days': {'default': 3, 'type': 'whole', 'min': 1},
    'max_unmapped_share': {'default': 0.05, 'type': 'number', 'above': 0, 'below': 1},
    'k': {'default': 10, 'type': 'whole', 'min': 1},
    'calibration': {'default': 'relative', 'type': 'choice', 'choices': ['relative', 'absolute'],
      'fix': 'set calibration: relative (O/E judged against the reference, the default) or absolute (against 1, for scores used as probabilities).'},
  }) }}
{% endmacro %}


{#- Every default: each setting's (retrain_gate_settings) and each check's thresholds. -#}
{% macro retrain_gate_defaults() %}
  {%- set defaults = {} -%}
  {%- for key, setting in retrain_gate.retrain_gate_settings().items() -%}
    {%- do defaults.update({key: setting.default}) -%}
  {%- endfor -%}
  {%- do defaults.update({
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
      'calibration': {'warn': 1.25, 'breach': 1.5, 'min_z': 4, 'min_positives': 5},
      'error_growth': {'warn': 1.1, 'breach': 1.25, 'min_z': 4},
      'bias_shift': {'warn': 1.05, 'breach': 1.1, 'min_z': 4},
      'class_prior_shift': {'warn': 0.05, 'breach': 0.1, 'min_z': 4},
      'class_calibration': {'warn': 1.25, 'breach': 1.5, 'min_z': 4},
      'class_discrimination': {'warn': 2, 'breach': 3, 'min_effect': 0.005},
      'ranking_quality': {'warn': 2, 'breach': 3, 'min_effect': 0.01},
      'position_calibration': {'warn': 1.25, 'breach': 1.5, 'min_z': 4},
      'rank_order': {'warn': 3, 'breach': 4},
      'loss_rank_order': {'warn': 3, 'breach': 4},
      'band_loss_shift': {'warn': 1.25, 'breach': 1.5, 'min_z': 4},
      'discrimination': {'warn': 2, 'breach': 3, 'min_effect': 0.005},
      'label_coverage': {'warn': 0.1, 'breach': 0.25, 'min_z': 4},
      'proxy_alignment': {'warn': 0.1, 'breach': 0.2, 'min_z': 4, 'max_proxy_fall': 0.05},
      'override_rate': {'warn': 0.02, 'breach': 0.03, 'min_z': 4},
      'segment_mix': {'warn': 0.1, 'breach': 0.25},
      'mix_attribution': {'warn': 0.33, 'breach': 0.5, 'min_z': 3},
      'estimated_discrimination': {'warn': 2, 'breach': 3, 'min_effect': 0.005},
      'estimated_positive_rate': {'warn': 1.25, 'breach': 1.5, 'min_z': 4},
      'estimated_calibration': {'warn': 1.25, 'breach': 1.5, 'min_z': 4},
      'explained_by_score_mix': {'warn': 3, 'breach': 2, 'min_z': 3},
    },
  }) -%}
  {{ return(defaults) }}
{% endmacro %}

