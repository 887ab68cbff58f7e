-- numeric_bin_counts (each engine's implementation) with cuts 1, 2, 3
{{ retrain_gate.numeric_bin_counts(
    ref('fixture_values'), ['grp'], [{'name': 'v', 'slot': 'value', 'bins': retrain_gate.fixed_bins(['1.0', '2.0', '3.0'])}]) }}
