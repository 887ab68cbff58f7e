{{ retrain_gate.repeats_previous_day(ref('fixture_day_totals'), ref('fixture_day_bins')) }}
