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


{#-
  Every check: its family, the feature kinds it applies to (none: a check of the whole model, a
  band or a segment), the sample its minimum applies to (window: min_window_rows values in the
  window, day: min_day_rows on the evaluation day, or on the trailing days pooled with it up to
  window_days (macro pooled_days), labels: min_labelled_rows matured labels in the window,
  band: min_band_labels in the band, none), and the rule its status follows, with
  bound = the warn or the breach threshold:
    at_least   value >= bound
    at_most    value <= bound                       (so warn >= breach)
    fold       max(value, 1 / value) >= bound       (a factor, either way)
    fold_change  max(value / baseline, baseline / value) >= bound   (a change factor, either way)
    rise       value - baseline >= bound            (an absolute rise)
    rise_factor  value / baseline >= bound          (a relative rise)
    fall       (baseline - value) / baseline >= bound   (a relative fall)
    z          z_score >= bound, and baseline - value >= min_effect when min_effect is set
  and, for every rule, z_score >= min_z when the check has a min_z (the change is significant).
-#}
{% macro retrain_gate_checks() %}
  {{ return({
    'psi': {'family': 'drift', 'kinds': ['numeric', 'categorical'], 'rule': 'at_least', 'sample': 'window'},
    'daily_psi': {'family': 'drift', 'kinds': ['numeric', 'categorical'], 'rule': 'at_least', 'sample': 'day'},
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
    'calibration': {'family': 'outcome', 'kinds': [], 'rule': 'fold_change', 'sample': 'band'},
    'rank_order': {'family': 'outcome', 'kinds': [], 'rule': 'z', 'sample': 'band'},
    'loss_rank_order': {'family': 'outcome', 'kinds': [], 'rule': 'z', 'sample': 'band'},
    'band_loss_shift': {'family': 'outcome', 'kinds': [], 'rule': 'rise_factor', 'sample': 'band'},
    'discrimination': {'family': 'outcome', 'kinds': [], 'rule': 'z', 'sample': 'labels'},
    'label_coverage': {'family': 'outcome', 'kinds': [], 'rule': 'fall', 'sample': 'window'},
    'proxy_alignment': {'family': 'outcome', 'kinds': [], 'rule': 'fall', 'sample': 'labels'},
    'mix_attribution': {'family': 'trust', 'kinds': [], 'rule': 'at_least', 'sample': 'labels'},
    'override_rate': {'family': 'trust', 'kinds': [], 'rule': 'rise', 'sample': 'window'},
    'segment_mix': {'family': 'trust', 'kinds': [], 'rule': 'at_least', 'sample': 'window'},
  }) }}
{% endmacro %}


{#-
  The verdicts of retrain_gate_decisions, in order of precedence (docs/design.md), with the severity
  of each verdict's gate, the generic test the package applies to the decisions (a user
  overrides them under `vars.retrain_gate.gates`): `error` fails `dbt build`, `warn` reports,
  `off` never fails.
-#}
{% macro retrain_gate_verdicts() %}
  {{ return({
    'fix_data': 'error',
    'fix_labels': 'error',
    'hold': 'warn',
    'retrain': 'warn',
    'investigate': 'warn',
    'no_retrain': 'off',
    'insufficient_data': 'warn',
    'healthy': 'off',
  }) }}
{% endmacro %}
