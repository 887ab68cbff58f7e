{{ retrain_gate.previous_value_flags(ref('fixture_observations'), ['num_1', 'cat_1'], ['entity_id', 'prediction_id']) }}
