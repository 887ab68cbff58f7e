{#-
  The check registry: every check the package computes, once. The signals' status rules, the
  decisions' categories, the docs (docs/<family>.md has a section per check) and the seed
  seeds/retrain_gate_checks.csv (the catalog BI tools read, generated from this macro by
  `make registry`) all come from here; python_tests/test_registry.py proves they agree.

  Per check: its family; the feature kinds it applies to (none: a check of the whole model, a
  band or a segment); the sample its minimum applies to (window: min_window_rows values in the
  window, day: min_day_rows on the evaluation day, or on the trailing days pooled with it up to
  window_days (macro pooled_days), labels: min_labelled_rows matured labels in the window,
  band: min_band_labels in the band, none); the rule its status follows, with
  bound = the warn or the breach threshold:
    at_least   value >= bound
    at_most    value <= bound                       (so warn >= breach)
    fold       max(value, 1 / value) >= bound       (a factor, either way)
    fold_change  max(value / baseline, baseline / value) >= bound   (a change factor, either way)
    rise       value - baseline >= bound            (an absolute rise)
    rise_factor  value / baseline >= bound          (a relative rise)
    fall       (baseline - value) / baseline >= bound   (a relative fall)
    z          z_score >= bound, and baseline - value >= min_effect when min_effect is set
  and, for every rule, z_score >= min_z when the check has a min_z (the change is significant);
  the model kinds it applies to (`model_kinds`, by default every kind of the setting `kind`);
  the category its breach has in retrain_gate_decisions (docs/architecture.md "Verdicts"):
    fix_data    on the whole population or a critical feature: fix_data at once
    fix_labels  fix_labels at once
    damage      outcome damage: retrain when persistent (investigate when the mix explains it)
    trust       investigate when persistent
    estimate    investigate when persistent: an outcome estimated before labels mature, never retrain
    mix         investigate when persistent, and turns persistent damage into investigate
    drift       on the whole population: no_retrain when persistent
    explains    no verdict of its own: outcome damage it explains on the date (warn or breach)
                becomes investigate
    none        no verdict of its own (daily_psi is the day-by-day trace drift persistence follows)
  and, for the catalog, what it detects and how to remediate, in one sentence each. A check
  whose inputs live in another family's check model says so with `model` (that family):
  mix_attribution (trust: its verdict is investigate) splits the change of the observed rate,
  so the outcome model, which holds the labels, computes it; its macro is in that family's
  folder, macros/checks/<model or family>/<check>.sql.
-#}
{% macro retrain_gate_checks() %}
  {{ return({
    'psi': {'family': 'drift', 'kinds': ['numeric', 'categorical'], 'rule': 'at_least', 'sample': 'window', 'category': 'drift',
      'detects': 'A feature distribution over its drift bins moved against the reference (population stability index).',
      'remediate': 'Look at the outcome checks first: if outcomes by band are stable the model copes and no retrain is needed.'},
    'daily_psi': {'family': 'drift', 'kinds': ['numeric', 'categorical'], 'rule': 'at_least', 'sample': 'day', 'category': 'none',
      'detects': 'The evaluation day alone moved against the reference (psi of the day, pooled at low volume).',
      'remediate': 'A run that stopped before persistence_days is a transient shift: leave those days out of training.'},
    'js_distance': {'family': 'drift', 'kinds': ['numeric', 'categorical'], 'rule': 'at_least', 'sample': 'window', 'category': 'drift',
      'detects': 'The same movement as psi on a bounded scale (Jensen-Shannon distance).',
      'remediate': 'As for psi: drift alone is no reason to retrain while outcomes hold.'},
    'ks': {'family': 'drift', 'kinds': ['numeric'], 'rule': 'at_least', 'sample': 'window', 'category': 'drift',
      'detects': 'The largest gap between the window and reference cumulative distributions of a numeric feature.',
      'remediate': 'As for psi: drift alone is no reason to retrain while outcomes hold.'},
    'linf': {'family': 'drift', 'kinds': ['categorical'], 'rule': 'at_least', 'sample': 'window', 'category': 'drift',
      'detects': 'The category whose share moved most.',
      'remediate': 'As for psi: drift alone is no reason to retrain while outcomes hold.'},
    'null_spike': {'family': 'integrity', 'kinds': ['numeric', 'categorical'], 'rule': 'rise', 'sample': 'day', 'category': 'fix_data',
      'detects': 'A feature goes null: a join that broke or a field renamed upstream.',
      'remediate': 'Find the join or field upstream that stopped filling the column and fix it.'},
    'stale_entities': {'family': 'integrity', 'kinds': ['numeric', 'categorical'], 'rule': 'rise', 'sample': 'day', 'category': 'fix_data',
      'detects': 'Each entity keeps its last value: the metric stopped updating per entity.',
      'remediate': 'Restart the upstream job or metric that stopped refreshing per entity.'},
    'scale_shift': {'family': 'integrity', 'kinds': ['numeric'], 'rule': 'fold', 'sample': 'day', 'category': 'fix_data',
      'detects': 'A unit change: the spread moved by a factor (cents for dollars, seconds for minutes).',
      'remediate': 'Convert the column back upstream to the unit the model was trained on.'},
    'frozen_values': {'family': 'integrity', 'kinds': ['numeric'], 'rule': 'at_most', 'sample': 'day', 'category': 'fix_data',
      'detects': 'A feature stopped varying altogether (a constant default).',
      'remediate': 'Find where upstream a default or constant replaced the real value.'},
    'unseen_categories': {'family': 'integrity', 'kinds': ['categorical'], 'rule': 'at_least', 'sample': 'day', 'category': 'fix_data',
      'detects': 'A stale taxonomy: categories the reference never saw.',
      'remediate': 'Map the new values into the taxonomy the model knows, or retrain once they are understood.'},
    'identical_histogram': {'family': 'integrity', 'kinds': ['numeric', 'categorical'], 'rule': 'at_least', 'sample': 'day', 'category': 'fix_data',
      'detects': 'A snapshot that stopped refreshing: the same histogram day after day.',
      'remediate': 'Restart the snapshot or extract that stopped refreshing.'},
    'source_freshness': {'family': 'integrity', 'kinds': [], 'rule': 'at_least', 'sample': 'none', 'category': 'fix_data',
      'detects': 'The relation stopped receiving rows, or a feature updated_at stopped moving.',
      'remediate': 'Restart the load that feeds the relation (or the feature update job).'},
    'calibration': {'family': 'outcome', 'kinds': [], 'rule': 'fold_change', 'sample': 'band', 'category': 'damage',
      'detects': 'A band observed over expected outcomes moved against the reference.',
      'remediate': 'Recalibrate, or retrain if the rank order went too; first rule out a label problem.'},
    'error_growth': {'family': 'outcome', 'kinds': [], 'model_kinds': ['regression'], 'rule': 'rise_factor', 'sample': 'labels', 'category': 'damage',
      'detects': 'A regression model errs more: its mean absolute error grew against the reference beyond both sampling errors.',
      'remediate': 'Retrain if inputs and labels are healthy; look first for a feature that broke or a label that changed meaning.'},
    'bias_shift': {'family': 'outcome', 'kinds': [], 'model_kinds': ['regression'], 'rule': 'fold_change', 'sample': 'labels', 'category': 'damage',
      'detects': 'The level of a regression target moved away from the predictions: the whole model O/E (mean label over mean prediction) changed.',
      'remediate': 'Retrain (or rescale) for the new level once it is persistent; a one-off campaign or a price change is a reason to wait.'},
    'class_prior_shift': {'family': 'outcome', 'kinds': [], 'model_kinds': ['multiclass'], 'rule': 'at_least', 'sample': 'labels', 'category': 'damage',
      'detects': 'The classes of a multiclass model labels changed shares against the reference: the target moved (or labels name a class the model does not know).',
      'remediate': 'Retrain on the new class mix once the shift is persistent; if labels name a new class, add it to the model and its scores first.'},
    'class_calibration': {'family': 'outcome', 'kinds': [], 'model_kinds': ['multiclass'], 'rule': 'fold_change', 'sample': 'labels', 'category': 'damage',
      'detects': 'A class probability of a multiclass model no longer means what it says in one of its bands: the band labels of the class over the sum of its probability moved against the reference.',
      'remediate': 'Recalibrate the class (cheap), or retrain if its one-vs-rest AUC fell too; the evidence names the class and the band.'},
    'class_discrimination': {'family': 'outcome', 'kinds': [], 'model_kinds': ['multiclass'], 'rule': 'z', 'sample': 'labels', 'category': 'damage',
      'detects': 'A multiclass model tells its classes apart worse: the macro average of its one-vs-rest AUCs fell against the reference beyond its sampling error.',
      'remediate': 'Retrain if inputs and labels are healthy; the evidence names the class that fell most, often a class whose meaning or source changed.'},
    'ranking_quality': {'family': 'outcome', 'kinds': [], 'model_kinds': ['ranking'], 'rule': 'z', 'sample': 'window', 'category': 'damage',
      'detects': 'A ranking model orders results worse: the mean NDCG@k of its queries fell against the reference beyond its sampling error.',
      'remediate': 'Retrain if inputs and labels are healthy; a feature that stopped updating for some queries lowers NDCG too, and the integrity checks name it.'},
    'position_calibration': {'family': 'outcome', 'kinds': [], 'model_kinds': ['ranking'], 'rule': 'fold_change', 'sample': 'labels', 'category': 'damage',
      'detects': 'The relevance of the results shown at a rank position moved against the reference (a position that lost, or gained, relevant results).',
      'remediate': 'If NDCG held, the level of the labels moved (a click rate, a grading change, a new layout): check the label source first; if NDCG fell too, retrain.'},
    'rank_order': {'family': 'outcome', 'kinds': [], 'rule': 'z', 'sample': 'band', 'category': 'damage',
      'detects': 'The score no longer orders risk: a band has more positives than the band above it.',
      'remediate': 'Retrain, or look for a sub-population the model never saw landing in those bands.'},
    'loss_rank_order': {'family': 'outcome', 'kinds': [], 'rule': 'z', 'sample': 'band', 'category': 'damage',
      'detects': 'The band priced as safer loses more per unit of exposure than the band above it.',
      'remediate': 'Retrain, or look for the sub-population behind the losses in those bands.'},
    'band_loss_shift': {'family': 'outcome', 'kinds': [], 'rule': 'rise_factor', 'sample': 'band', 'category': 'damage',
      'detects': 'A band losses rose against what its predictions priced in.',
      'remediate': 'Reprice or tighten the band; if rates held but losses grew, look at severity.'},
    'discrimination': {'family': 'outcome', 'kinds': [], 'model_kinds': ['binary', 'multiclass', 'ranking'], 'rule': 'z', 'sample': 'labels', 'category': 'damage',
      'detects': 'The whole model ranks worse: its AUC fell against the reference beyond both sampling errors.',
      'remediate': 'Retrain, leaving out the windows in retrain_gate_training_exclusions.'},
    'label_coverage': {'family': 'outcome', 'kinds': [], 'rule': 'fall', 'sample': 'window', 'category': 'fix_labels',
      'detects': 'Labels stopped arriving, arrive later than maturity_days, or are not coded 0/1.',
      'remediate': 'Fix the label pipeline, or raise maturity_days if labels simply arrive later.'},
    'proxy_alignment': {'family': 'outcome', 'kinds': [], 'model_kinds': ['binary', 'ranking'], 'rule': 'fall', 'sample': 'labels', 'category': 'fix_labels',
      'detects': 'The proxy label decoupled from the target it stands for.',
      'remediate': 'Fix the labels: train on the target, or redefine the proxy.'},
    'estimated_discrimination': {'family': 'estimated', 'kinds': [], 'model_kinds': ['binary'], 'rule': 'z', 'sample': 'window', 'category': 'estimate',
      'detects': 'The scores moved where the model ranks less well: the AUC they should have under the reference calibration fell, before any label matures.',
      'remediate': 'Look at which bands grew and why; confirm with discrimination once the labels mature, and do not retrain before.'},
    'estimated_positive_rate': {'family': 'estimated', 'kinds': [], 'model_kinds': ['binary'], 'rule': 'fold_change', 'sample': 'window', 'category': 'none',
      'detects': 'The positive rate the scores should bring under the reference calibration moved.',
      'remediate': 'Plan capacity for the expected rate; the realized rate confirms it once labels mature.'},
    'estimated_calibration': {'family': 'estimated', 'kinds': [], 'model_kinds': ['binary'], 'rule': 'fold_change', 'sample': 'window', 'category': 'none',
      'detects': 'The O/E a band should show under the reference calibration moved, as the scores moved inside the band.',
      'remediate': 'Expect the band observed rate to follow; recalibrate only once the realized calibration confirms it.'},
    'explained_by_score_mix': {'family': 'estimated', 'kinds': [], 'model_kinds': ['binary'], 'rule': 'at_most', 'sample': 'labels', 'category': 'explains',
      'detects': 'The AUC fell as the score mix predicted: the population moved into bands the model always found hard, while P(label | score) held.',
      'remediate': 'Do not retrain on the same features for it: find out why the population moved, and whether new features would separate it.'},
    'mix_attribution': {'family': 'trust', 'model': 'outcome', 'kinds': [], 'rule': 'at_least', 'sample': 'labels', 'category': 'mix',
      'detects': 'Most of the outcome change comes from the segment mix, not from rates within segments.',
      'remediate': 'Do not retrain for it: re-plan for the new mix and look at the segment that grew.'},
    'override_rate': {'family': 'trust', 'kinds': [], 'rule': 'rise', 'sample': 'window', 'category': 'trust',
      'detects': 'People override the model more, often mostly in one segment.',
      'remediate': 'Ask them why, starting with the segment whose override rate rose most.'},
    'segment_mix': {'family': 'trust', 'kinds': [], 'rule': 'at_least', 'sample': 'window', 'category': 'trust',
      'detects': 'The population make-up over a segment column moved.',
      'remediate': 'Check the acquisition or routing change behind it; the model may be fine within segments.'},
  }) }}
{% endmacro %}
