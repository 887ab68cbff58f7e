{#-
  What the rows of each incremental per-model table depend on: the one place that says which
  setting changes recompute which tables. plan_fingerprints hashes, per monitored model:
    keys    the model's settings the rows read (a dotted path reaches into a mapping); `source`
            stands for relation, prediction_id and timestamp, which choose every staged row
            and its day
    inputs  what the warehouse derived from other settings (plan_input): the frozen bins'
            versions, the score bands, the entity sample's rate
    after   the tables read: their fingerprints are part of this one, so a change recomputes
            everything downstream of it
  and a model whose fingerprint differs from the one stored on its rows is recomputed in full
  (incremental_plan). `models` says which models the table holds (plan_models); `per_feature`
  tables hash each feature apart (the frozen reference bins). `upstream`: the tables and date
  columns whose rewritten days move the plan (late rows, relabelled days), `reach` the macro that
  maps such a day to this table's dates (none: every date from that day on). `plan`: the macro
  that computes the plan, when the table needs more than table_plan.
  `classes` (a multiclass model's scores, which also add features) is hashed only for models
  that have classes, so models of the other kinds keep the fingerprints they were written with.
  python_tests/test_plan_dependencies.py changes each setting in turn and holds every table to
  this registry: a nightly after the change equals a rebuild, and exactly the tables listed
  here are recomputed in full. docs/architecture.md "Incremental plans" prints it.
-#}
{% macro retrain_gate_plan_dependencies() %}
  {{ return({
    'int_retrain_gate__reference_cuts': {'per_feature': 'numeric', 'plan': 'reference_plan',
      'keys': ['source', 'classes', 'reference', 'histogram_bins', 'edge_sample_rows']},
    'int_retrain_gate__reference_categories': {'per_feature': 'categorical', 'plan': 'reference_plan',
      'keys': ['source', 'classes', 'reference', 'top_categories']},
    'int_retrain_gate__reference_entities': {'models': 'entity', 'plan': 'reference_entities_plan',
      'keys': ['source', 'entity_id', 'reference', 'entity_sample_size']},
    'int_retrain_gate__daily_feature_profile': {'date': 'profile_date',
      'keys': ['source', 'classes', 'features', 'segments']},
    'int_retrain_gate__daily_unusable_rows': {'date': 'profile_date',
      'keys': ['source', 'duplicate_id_days']},
    'int_retrain_gate__daily_feature_histogram': {'date': 'profile_date',
      'keys': ['source', 'classes', 'features', 'segments'], 'inputs': ['bins']},
    'int_retrain_gate__daily_new_categories': {'date': 'profile_date',
      'keys': ['source'], 'inputs': ['categorical_features', 'categorical_bins']},
    'int_retrain_gate__daily_entity_staleness': {'date': 'profile_date', 'models': 'entity_sample', 'plan': 'staleness_plan',
      'keys': ['source', 'classes', 'features', 'segments', 'entity_id', 'lookback_days'], 'inputs': ['entity_sample']},
    'int_retrain_gate__entity_last_rows': {'models': 'entity_sample', 'plan': 'entity_state_plan',
      'after': ['int_retrain_gate__daily_entity_staleness']},
    'int_retrain_gate__daily_outcome_profile': {'date': 'profile_date', 'models': 'feedback', 'plan': 'outcome_profile_plan',
      'keys': ['source', 'kind', 'classes', 'labels', 'proxy', 'segments', 'maturity_days'], 'inputs': ['score_bins', 'bands']},
    'int_retrain_gate__daily_class_profile': {'date': 'profile_date', 'models': 'multiclass', 'plan': 'outcome_profile_plan',
      'keys': ['source', 'kind', 'classes', 'labels', 'maturity_days'], 'inputs': ['bins']},
    'int_retrain_gate__daily_ranking_profile': {'date': 'profile_date', 'models': 'ranking', 'plan': 'outcome_profile_plan',
      'keys': ['source', 'kind', 'query_id', 'rank', 'labels', 'maturity_days', 'k']},
    'int_retrain_gate__daily_trust_profile': {'date': 'profile_date', 'models': 'trust',
      'keys': ['source', 'segments', 'overrides']},
    'int_retrain_gate__feature_drift': {'date': 'eval_date',
      'keys': ['window_days', 'min_day_rows', 'reference', 'psi_epsilon', 'drift_bins'],
      'after': ['int_retrain_gate__daily_feature_histogram'],
      'upstream': [['int_retrain_gate__daily_feature_histogram', 'profile_date']]},
    'int_retrain_gate__integrity_checks': {'date': 'eval_date',
      'keys': ['entity_id', 'window_days', 'min_day_rows', 'reference'],
      'after': ['int_retrain_gate__daily_feature_profile', 'int_retrain_gate__daily_feature_histogram',
                'int_retrain_gate__daily_new_categories', 'int_retrain_gate__daily_entity_staleness'],
      'upstream': [['int_retrain_gate__daily_feature_profile', 'profile_date']]},
    'retrain_gate_band_outcomes': {'date': 'eval_date', 'models': 'feedback',
      'keys': ['window_days', 'reference'],
      'after': ['int_retrain_gate__daily_outcome_profile'],
      'upstream': [['int_retrain_gate__daily_outcome_profile', 'profile_date']], 'reach': 'outcome_dates_of_day'},
    'int_retrain_gate__outcome_checks': {'date': 'eval_date', 'models': 'feedback',
      'keys': ['thresholds.proxy_alignment.max_proxy_fall', 'thresholds.calibration.min_positives', 'calibration'],
      'after': ['retrain_gate_band_outcomes', 'int_retrain_gate__daily_ranking_profile'],
      'upstream': [['retrain_gate_band_outcomes', 'eval_date']], 'reach': 'same_date'},
    'int_retrain_gate__estimated_checks': {'date': 'eval_date', 'models': 'binary_labelled', 'plan': 'estimated_checks_plan',
      'keys': ['window_days', 'reference', 'maturity_days', 'max_unmapped_share'], 'inputs': ['score_bins'],
      'after': ['int_retrain_gate__daily_feature_histogram', 'int_retrain_gate__daily_outcome_profile', 'retrain_gate_band_outcomes',
                'int_retrain_gate__outcome_checks'],
      'upstream': [['int_retrain_gate__daily_feature_histogram', 'profile_date']]},
    'int_retrain_gate__trust_checks': {'date': 'eval_date', 'models': 'trust',
      'keys': ['window_days', 'reference', 'psi_epsilon'],
      'after': ['int_retrain_gate__daily_trust_profile'],
      'upstream': [['int_retrain_gate__daily_trust_profile', 'profile_date']]},
    'retrain_gate_signals': {'date': 'eval_date', 'plan': 'signals_plan',
      'keys': ['thresholds', 'feature_thresholds', 'min_window_rows', 'min_day_rows', 'min_labelled_rows', 'min_band_labels',
               'min_reference_rows'],
      'after': ['int_retrain_gate__feature_drift', 'int_retrain_gate__integrity_checks', 'int_retrain_gate__outcome_checks',
                'int_retrain_gate__trust_checks', 'int_retrain_gate__estimated_checks'],
      'upstream': [['int_retrain_gate__feature_drift', 'eval_date'], ['int_retrain_gate__integrity_checks', 'eval_date'],
                   ['int_retrain_gate__outcome_checks', 'eval_date'], ['int_retrain_gate__trust_checks', 'eval_date'],
                   ['int_retrain_gate__estimated_checks', 'eval_date']]},
  }) }}
{% endmacro %}


{#-
  Where each derived input of retrain_gate_plan_dependencies comes from: the settings and the
  tables it is read from (plan_input computes it). A change of those recomputes the tables that
  use the input, and test_plan_dependencies holds that.
-#}
{% macro retrain_gate_plan_inputs() %}
  {{ return({
    'bins': {'tables': ['int_retrain_gate__reference_cuts', 'int_retrain_gate__reference_categories']},
    'categorical_bins': {'tables': ['int_retrain_gate__reference_categories']},
    'categorical_features': {'keys': ['features']},
    'score_bins': {'tables': ['int_retrain_gate__reference_cuts']},
    'bands': {'keys': ['bands'], 'tables': ['int_retrain_gate__reference_cuts']},
    'entity_sample': {'tables': ['int_retrain_gate__reference_entities']},
  }) }}
{% endmacro %}
