{#- Validates one monitored model's entry and returns it with every default applied. -#}
{% macro normalise_model(model_id, entry, defaults, user_defaults) %}
  {%- if not modules.re.match('^[A-Za-z][A-Za-z0-9_]*$', model_id | string) -%}
    {{ retrain_gate.config_error(model_id, none, 'a model_id must start with a letter and hold only letters, digits and underscores.', 'rename the entry under models.') }}
  {%- endif -%}
  {%- if entry is not mapping -%}
    {{ retrain_gate.config_error(model_id, none, 'expected a mapping of settings.', 'give at least relation, prediction_id, timestamp, score, features and reference.') }}
  {%- endif -%}

  {%- set known = ['relation', 'prediction_id', 'timestamp', 'entity_id', 'segments', 'score', 'scores', 'query_id', 'rank', 'features',
                   'labels', 'proxy', 'overrides', 'reference', 'thresholds'] + (defaults.keys() | list) -%}
  {%- for key in entry -%}
    {%- if key not in known -%}
      {{ retrain_gate.config_error(model_id, key, 'unknown key.', 'use one of: ' ~ (known | unique | sort | join(', ')) ~ '.') }}
    {%- endif -%}
  {%- endfor -%}
  {#- a multiclass model names a probability column per class (scores), any other kind one score -#}
  {%- set multiclass = entry.get('kind', user_defaults.get('kind')) == 'multiclass' -%}
  {%- for key in ['relation', 'prediction_id', 'timestamp', 'scores' if multiclass else 'score', 'features', 'reference'] -%}
    {%- if entry.get(key) is none -%}
      {{ retrain_gate.config_error(model_id, key, 'required key is missing.', 'add ' ~ key ~ ' to the model (README, "Use it in your dbt project").') }}
    {%- endif -%}
  {%- endfor -%}

  {%- set m = {'model_id': model_id, 'relation': entry.relation} -%}
  {%- do retrain_gate.parse_relation_spec(model_id, 'relation', entry.relation) -%}
  {%- for key in ['prediction_id', 'timestamp', 'entity_id'] -%}
    {%- do m.update({key: retrain_gate.column_name(model_id, key, entry.get(key), key != 'entity_id')}) -%}
  {%- endfor -%}
  {%- if multiclass -%}
    {%- do m.update(retrain_gate.normalise_classes(model_id, entry)) -%}
  {%- else -%}
    {%- if entry.get('scores') is not none -%}
      {{ retrain_gate.config_error(model_id, 'scores', 'scores (a probability column per class) is for kind: multiclass.', 'set kind: multiclass, or name the one prediction column under score.') }}
    {%- endif -%}
    {%- do m.update({'score': retrain_gate.column_name(model_id, 'score', entry.score, true), 'classes': []}) -%}
  {%- endif -%}
  {%- do m.update(retrain_gate.normalise_ranking(model_id, entry, entry.get('kind', user_defaults.get('kind')) == 'ranking')) -%}

  {#- Settings: the model's value, else the user's default, else the package's. -#}
  {%- for key, setting in retrain_gate.retrain_gate_settings().items() -%}
    {%- set value = entry.get(key, user_defaults.get(key, setting.default)) -%}
    {%- do m.update({key: retrain_gate.validate_setting(model_id, key, value, setting)}) -%}
  {%- endfor -%}
  {%- if m.drift_bins > m.histogram_bins -%}
    {{ retrain_gate.config_error(model_id, 'drift_bins', 'drift_bins (' ~ m.drift_bins ~ ') is larger than histogram_bins (' ~ m.histogram_bins ~ '); drift bins are merged from the histogram bins.', 'lower drift_bins or raise histogram_bins.') }}
  {%- endif -%}
  {%- if m.bands.kind == 'quantile' and m.bands.count > m.histogram_bins -%}
    {{ retrain_gate.config_error(model_id, 'bands', 'bands (' ~ m.bands.count ~ ') is larger than histogram_bins (' ~ m.histogram_bins ~ '); quantile bands are merged from the histogram bins of the score.', 'lower bands or raise histogram_bins.') }}
  {%- endif -%}

  {%- do m.update({'reference': retrain_gate.normalise_reference(model_id, entry.reference)}) -%}

  {#- Segments: each column gets a slot seg_1..seg_S in the staged shape. -#}
  {%- set segments_raw = entry.get('segments') or [] -%}
  {%- if segments_raw is string or segments_raw is mapping -%}
    {{ retrain_gate.config_error(model_id, 'segments', 'expected a list of columns.', 'write segments: [channel].') }}
  {%- endif -%}
  {%- set segments = [] -%}
  {%- for column in segments_raw -%}
    {%- if column in segments_raw[:loop.index0] -%}
      {{ retrain_gate.config_error(model_id, 'segments', "'" ~ column ~ "' is listed twice.", 'list each segment column once.') }}
    {%- endif -%}
    {%- do segments.append({'column': retrain_gate.column_name(model_id, 'segments', column, true), 'slot': 'seg_' ~ loop.index}) -%}
  {%- endfor -%}
  {%- do m.update({'segments': segments}) -%}

  {%- do m.update({'features': retrain_gate.normalise_features(model_id, entry.features, m.score, m.segments, m.classes)}) -%}
  {%- do m.update(retrain_gate.normalise_thresholds(model_id, entry.get('thresholds'), user_defaults.get('thresholds'), defaults.thresholds, m.features)) -%}

  {#- Feedback sections: {section: (required fields, optional fields)}; every field but
      maturity_days and relation names a column. -#}
  {%- set sections = {'labels': (['label'], ['loss', 'exposure', 'arrived_at', 'maturity_days', 'relation']),
                      'proxy': (['metric', 'target'], []), 'overrides': (['flag'], [])} -%}
  {%- for key, fields in sections.items() -%}
    {%- set required, optional = fields -%}
    {%- set section = entry.get(key) -%}
    {%- if section is not none and section is not mapping -%}
      {{ retrain_gate.config_error(model_id, key, 'expected a mapping.', 'write ' ~ key ~ ': {' ~ required[0] ~ ': <column>}.') }}
    {%- endif -%}
    {%- for field in (section or {}) if field not in required + optional -%}
      {{ retrain_gate.config_error(model_id, key ~ '.' ~ field, 'unknown key.', 'use one of: ' ~ (required + optional) | join(', ') ~ '.') }}
    {%- endfor -%}
    {%- for field in required if section is not none and field not in section -%}
      {{ retrain_gate.config_error(model_id, key ~ '.' ~ field, 'required key is missing.', 'add ' ~ key ~ '.' ~ field ~ ': <column> (docs/configuration.md, "Labels, proxy and overrides").') }}
    {%- endfor -%}
    {%- for field in required + optional if section is not none and field in section and field not in ['maturity_days', 'relation'] -%}
      {%- do retrain_gate.column_name(model_id, key ~ '.' ~ field, section[field], true) -%}
    {%- endfor -%}
    {%- do m.update({key: section}) -%}
  {%- endfor -%}
  {#- a ranking model's 0/1 label is whether a result is relevant: a click can stand for a deeper action -#}
  {%- if m.kind not in ['binary', 'ranking'] and m.proxy -%}
    {{ retrain_gate.config_error(model_id, 'proxy', 'a proxy label stands for a 0/1 target, and this model is kind ' ~ m.kind ~ '.', 'remove proxy, or monitor the proxy as a binary model of its own.') }}
  {%- endif -%}
  {%- set maturity = (entry.get('labels') or {}).get('maturity_days', m.maturity_days) -%}
  {%- do retrain_gate.validate_setting(model_id, 'labels.maturity_days', maturity, retrain_gate.retrain_gate_settings().maturity_days,
                                       'set labels.maturity_days to the days after which a label is final, e.g. 30.') -%}
  {%- do m.update({'maturity_days': maturity | int}) -%}
  {%- if (entry.get('labels') or {}).get('relation') is not none -%}
    {%- do retrain_gate.parse_relation_spec(model_id, 'labels.relation', entry.labels.relation) -%}
  {%- endif -%}
  {{ return(m) }}
{% endmacro %}


{#- A column name from config: a non-empty string (required unless `required` is false). -#}
{% macro column_name(model_id, key, value, required) %}
  {%- if value is none and not required -%}
    {{ return(none) }}
  {%- endif -%}
  {%- if value is not string or value | trim == '' -%}
    {{ retrain_gate.config_error(model_id, key, 'expected a column name, got ' ~ value ~ '.', 'name a column of the relation, e.g. ' ~ key ~ ': my_column.') }}
  {%- endif -%}
  {#- names are written into the SQL as string literals (feature, segment_name), so a quote would end one -#}
  {%- if "'" in value -%}
    {{ retrain_gate.config_error(model_id, key, "column name \"" ~ value ~ "\" holds a single quote, which retrain_gate cannot carry into its SQL.", "rename the column (or alias it in a view) without quotes and name that.") }}
  {%- endif -%}
  {{ return(value) }}
{% endmacro %}


{#- reference: {start, end} (fixed) or {rolling_days, gap_days} (rolling). -#}
{% macro normalise_reference(model_id, reference) %}
  {%- if reference is not mapping -%}
    {{ retrain_gate.config_error(model_id, 'reference', 'expected a mapping.', "write reference: {start: '2024-01-01', end: '2024-03-31'} or reference: {rolling_days: 60, gap_days: 30}.") }}
  {%- endif -%}
  {%- set keys = reference.keys() | list | sort -%}
  {%- if keys == ['end', 'start'] -%}
    {%- set start = retrain_gate.parse_date(model_id, 'reference.start', reference.start) -%}
    {%- set end = retrain_gate.parse_date(model_id, 'reference.end', reference.end) -%}
    {%- if end < start -%}
      {{ retrain_gate.config_error(model_id, 'reference', 'end (' ~ end ~ ') is before start (' ~ start ~ ').', 'swap them or correct the dates.') }}
    {%- endif -%}
    {{ return({'kind': 'fixed', 'start': start, 'end': end}) }}
  {%- elif 'rolling_days' in keys and keys | reject('in', ['rolling_days', 'gap_days']) | list | length == 0 -%}
    {%- set rolling = reference.rolling_days -%}
    {%- set gap = reference.get('gap_days', 0) -%}
    {%- if rolling is not number or rolling is boolean or rolling != rolling | int or rolling < 1 or gap is not number or gap is boolean or gap != gap | int or gap < 0 -%}
      {{ retrain_gate.config_error(model_id, 'reference', 'rolling_days must be a whole number >= 1 and gap_days a whole number >= 0.', 'write e.g. reference: {rolling_days: 60, gap_days: 30}.') }}
    {%- endif -%}
    {{ return({'kind': 'rolling', 'rolling_days': rolling | int, 'gap_days': gap | int}) }}
  {%- endif -%}
  {{ retrain_gate.config_error(model_id, 'reference', 'has keys ' ~ keys | join(', ') ~ '; expected either start and end, or rolling_days (and gap_days).', "write reference: {start: '2024-01-01', end: '2024-03-31'} or reference: {rolling_days: 60, gap_days: 30}.") }}
{% endmacro %}


{#- bands: a whole number >= 2 (quantile bands of the reference) or increasing cutpoints. -#}
{% macro normalise_bands(model_id, bands) %}
  {%- if bands is number and bands is not boolean and bands == bands | int and bands >= 2 -%}
    {{ return({'kind': 'quantile', 'count': bands | int}) }}
  {%- endif -%}
  {%- if bands is iterable and bands is not string and bands is not mapping and bands | length >= 1 -%}
    {%- set ns = namespace(ok=true, previous=none) -%}
    {%- for cut in bands -%}
      {%- if cut is not number or cut is boolean or (ns.previous is not none and cut <= ns.previous) -%}
        {%- set ns.ok = false -%}
      {%- endif -%}
      {%- set ns.previous = cut -%}
    {%- endfor -%}
    {%- if ns.ok -%}
      {{ return({'kind': 'cutpoints', 'cutpoints': bands | list}) }}
    {%- endif -%}
  {%- endif -%}
  {{ retrain_gate.config_error(model_id, 'bands', 'expected a whole number >= 2 or a list of increasing score cutpoints, got ' ~ bands ~ '.', 'write bands: 10 or bands: [0.1, 0.5, 0.9].') }}
{% endmacro %}


{#-
  features: {numeric: [...], categorical: [...], critical: [...], updated_at: {feature: column}}
  -> a list of feature dicts {name, kind, slot, critical, is_score, updated_at, updated_slot}.
  A multiclass model's `classes` add a numeric feature per class probability column and the
  categorical feature predicted_class (docs/multiclass.md): both are profiled like any feature.
-#}
{% macro normalise_features(model_id, features, score, segments, classes) %}
  {%- if features is not mapping -%}
    {{ retrain_gate.config_error(model_id, 'features', 'expected a mapping.', 'write features: {numeric: [a, b], categorical: [c]}.') }}
  {%- endif -%}
  {%- for key in features if key not in ['numeric', 'categorical', 'critical', 'updated_at'] -%}
    {{ retrain_gate.config_error(model_id, 'features.' ~ key, 'unknown key.', 'use numeric, categorical, critical and updated_at.') }}
  {%- endfor -%}
  {%- set lists = {} -%}
  {%- for key in ['numeric', 'categorical', 'critical'] -%}
    {%- set items = features.get(key) or [] -%}
    {%- if items is string or items is mapping -%}
      {{ retrain_gate.config_error(model_id, 'features.' ~ key, 'expected a list of columns.', 'write features.' ~ key ~ ': [' ~ items ~ '].') }}
    {%- endif -%}
    {%- for item in items -%}
      {%- do retrain_gate.column_name(model_id, 'features.' ~ key, item, true) -%}
      {%- if item in items[:loop.index0] -%}
        {{ retrain_gate.config_error(model_id, 'features.' ~ key, "'" ~ item ~ "' is listed twice.", 'list each column once.') }}
      {%- endif -%}
    {%- endfor -%}
    {%- do lists.update({key: items | list}) -%}
  {%- endfor -%}
  {%- if lists.numeric | length + lists.categorical | length == 0 -%}
    {{ retrain_gate.config_error(model_id, 'features', 'no feature is listed.', 'list at least one column under features.numeric or features.categorical.') }}
  {%- endif -%}
  {%- for name in lists.numeric if name in lists.categorical -%}
    {{ retrain_gate.config_error(model_id, 'features', "'" ~ name ~ "' is listed both as numeric and as categorical.", 'keep it under one kind: numeric for measures, categorical for labels and codes.') }}
  {%- endfor -%}
  {%- for name in lists.numeric + lists.categorical -%}
    {%- if name == score -%}
      {{ retrain_gate.config_error(model_id, 'features', "'" ~ name ~ "' is the score column.", 'remove it from features: the score is profiled for drift on its own.') }}
    {%- endif -%}
    {%- if name in segments | map(attribute='column') | list -%}
      {{ retrain_gate.config_error(model_id, 'features', "'" ~ name ~ "' is also a segment column.", 'keep it as a segment or as a feature, not both.') }}
    {%- endif -%}
    {%- if name in classes | map(attribute='column') | list -%}
      {{ retrain_gate.config_error(model_id, 'features', "'" ~ name ~ "' is a class probability column of scores.", 'remove it from features: each class probability is profiled on its own.') }}
    {%- endif -%}
    {%- if classes and name == 'predicted_class' -%}
      {{ retrain_gate.config_error(model_id, 'features', "'predicted_class' is the name of the class a multiclass model predicts, which is profiled as a feature of its own.", 'rename the column (or alias it in a view).') }}
    {%- endif -%}
  {%- endfor -%}
  {%- do lists.update({'numeric': lists.numeric + classes | map(attribute='column') | list,
                       'categorical': lists.categorical + (['predicted_class'] if classes else [])}) -%}
  {%- for name in lists.critical if name not in lists.numeric + lists.categorical -%}
    {{ retrain_gate.config_error(model_id, 'features.critical', "'" ~ name ~ "' is not a listed feature.", 'list it under features.numeric or features.categorical too, or remove it from critical.') }}
  {%- endfor -%}

  {%- set updated_at = features.get('updated_at') or {} -%}
  {%- if updated_at is not mapping -%}
    {{ retrain_gate.config_error(model_id, 'features.updated_at', 'expected a mapping of feature to the column holding when its value was last updated.', 'write features.updated_at: {engagement_rate: engagement_updated_at}.') }}
  {%- endif -%}
  {%- for name, column in updated_at.items() -%}
    {%- if name not in lists.numeric + lists.categorical -%}
      {{ retrain_gate.config_error(model_id, 'features.updated_at.' ~ name, "'" ~ name ~ "' is not a listed feature.", 'key updated_at by feature names listed under features.numeric or features.categorical.') }}
    {%- endif -%}
    {%- do retrain_gate.column_name(model_id, 'features.updated_at.' ~ name, column, true) -%}
  {%- endfor -%}

  {%- set result = [] -%}
  {%- set updated_slots = updated_at.keys() | list -%}
  {%- for kind, names, prefix in [('numeric', lists.numeric, 'num_'), ('categorical', lists.categorical, 'cat_')] -%}
    {%- for name in names -%}
      {%- do result.append({
            'name': name, 'kind': kind, 'slot': prefix ~ loop.index, 'critical': name in lists.critical,
            'is_score': false, 'updated_at': updated_at.get(name),
            'updated_slot': 'upd_' ~ (updated_slots.index(name) + 1) if name in updated_at else none}) -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- do result.append({'name': score, 'kind': 'numeric', 'slot': 'score', 'critical': false, 'is_score': true,
                        'updated_at': none, 'updated_slot': none}) -%}
  {{ return(result) }}
{% endmacro %}


{#-
  thresholds: {check: {warn, breach}, by_feature: {feature: {check: {warn, breach}}}}, each level
  overriding the one above it: package default < vars.retrain_gate.defaults < model < feature.
-#}
{% macro normalise_thresholds(model_id, model_thresholds, user_thresholds, package_thresholds, features) %}
  {%- set merged = {} -%}
  {%- for check, bounds in package_thresholds.items() -%}
    {%- do merged.update({check: bounds.copy()}) -%}
  {%- endfor -%}
  {%- for source, key in [(user_thresholds, 'defaults.thresholds'), (model_thresholds, 'thresholds')] if source is not none -%}
    {%- do retrain_gate.merge_threshold_overrides(model_id, key, source, merged, ['by_feature'] if key == 'thresholds' else []) -%}
  {%- endfor -%}
  {%- set by_feature = {} -%}
  {%- set feature_names = features | map(attribute='name') | list -%}
  {%- set overrides = (model_thresholds or {}).get('by_feature') or {} -%}
  {%- if overrides is not mapping -%}
    {{ retrain_gate.config_error(model_id, 'thresholds.by_feature', 'expected a mapping of feature to thresholds.', 'write thresholds: {by_feature: {loan_amount: {psi: {breach: 0.4}}}}.') }}
  {%- endif -%}
  {%- for feature, checks in overrides.items() -%}
    {%- if feature not in feature_names -%}
      {{ retrain_gate.config_error(model_id, 'thresholds.by_feature.' ~ feature, 'not a monitored feature.', 'use one of: ' ~ feature_names | join(', ') ~ '.') }}
    {%- endif -%}
    {%- set own = {} -%}
    {%- for check, bounds in merged.items() -%}
      {%- do own.update({check: bounds.copy()}) -%}
    {%- endfor -%}
    {%- do retrain_gate.merge_threshold_overrides(model_id, 'thresholds.by_feature.' ~ feature, checks, own, []) -%}
    {%- do by_feature.update({feature: own}) -%}
  {%- endfor -%}
  {{ return({'thresholds': merged, 'feature_thresholds': by_feature}) }}
{% endmacro %}


{#- Applies {check: {warn, breach}} overrides onto `target` in place, validating names and order. -#}
{% macro merge_threshold_overrides(model_id, key, overrides, target, skip) %}
  {%- if overrides is not mapping -%}
    {{ retrain_gate.config_error(model_id, key, 'expected a mapping of check to {warn, breach}.', 'write ' ~ key ~ ': {psi: {warn: 0.1, breach: 0.25}}.') }}
  {%- endif -%}
  {%- for check, bounds in overrides.items() if check not in skip -%}
    {%- if check not in target -%}
      {{ retrain_gate.config_error(model_id, key ~ '.' ~ check, 'unknown check.', 'use one of: ' ~ (target.keys() | sort | join(', ')) ~ '.') }}
    {%- endif -%}
    {%- if bounds is not mapping -%}
      {{ retrain_gate.config_error(model_id, key ~ '.' ~ check, 'expected {warn: <number>, breach: <number>}.', 'write ' ~ check ~ ': {warn: 0.1, breach: 0.25}.') }}
    {%- endif -%}
    {%- for bound, value in bounds.items() -%}
      {%- if bound not in target[check] -%}
        {{ retrain_gate.config_error(model_id, key ~ '.' ~ check ~ '.' ~ bound, 'unknown bound.', 'use ' ~ (target[check].keys() | sort | join(' and ')) ~ '.') }}
      {%- endif -%}
      {%- if value is not number or value is boolean -%}
        {{ retrain_gate.config_error(model_id, key ~ '.' ~ check ~ '.' ~ bound, 'expected a number, got ' ~ value ~ '.', 'write e.g. ' ~ bound ~ ': ' ~ target[check][bound] ~ '.') }}
      {%- endif -%}
      {%- do target[check].update({bound: value}) -%}
    {%- endfor -%}
    {%- set lower_is_worse = retrain_gate.retrain_gate_checks()[check].rule == 'at_most' -%}
    {%- if not lower_is_worse and target[check].warn > target[check].breach -%}
      {{ retrain_gate.config_error(model_id, key ~ '.' ~ check, 'warn (' ~ target[check].warn ~ ') is above breach (' ~ target[check].breach ~ ').', 'make warn <= breach.') }}
    {%- endif -%}
    {%- if lower_is_worse and target[check].warn < target[check].breach -%}
      {{ retrain_gate.config_error(model_id, key ~ '.' ~ check, 'warn (' ~ target[check].warn ~ ') is below breach (' ~ target[check].breach ~ '); lower values are worse for ' ~ check ~ '.', 'make warn >= breach.') }}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}
