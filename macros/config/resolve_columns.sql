{#-
  The columns a monitored model's config names, checked when dbt executes: each exists in its
  relation with a usable type. Returns {columns: {config name: {sql: the quoted column, family}},
  feedback: the same for the feedback columns (labels, proxy), which live on labels.relation
  when it is set, else on relation}. At parse time (no warehouse yet) the names are quoted as
  written, family unknown. Checked once per model and invocation (read_once): the staging and
  the unusable rows of every model both need them, and each check queries the warehouse.
-#}
{% macro resolve_columns(m) %}
  {{ return(retrain_gate.read_once('resolved_columns|' ~ m.model_id, retrain_gate.read_resolved_columns, [m])) }}
{% endmacro %}


{#- resolve_columns, uncached. -#}
{% macro read_resolved_columns(m) %}
  {%- set feedback = [] -%}
  {#- a regression label is a number, a ranking label a graded relevance, a multiclass label a class name or code, any other 0/1 -#}
  {%- set label_kind = {'regression': 'numeric', 'ranking': 'numeric', 'multiclass': 'any'}.get(m.kind, 'binary') -%}
  {%- for key, field, kind in [('labels', 'label', label_kind), ('labels', 'loss', 'numeric'), ('labels', 'exposure', 'numeric'),
                               ('labels', 'arrived_at', 'temporal'), ('proxy', 'metric', 'binary'), ('proxy', 'target', 'binary')]
                               if (m[key] or {}).get(field) -%}
    {%- do feedback.append((key ~ '.' ~ field, m[key][field], kind)) -%}
  {%- endfor -%}
  {%- set wanted = [('prediction_id', m.prediction_id, 'any'), ('timestamp', m.timestamp, 'temporal')] -%}
  {%- for class in m.classes -%}{%- do wanted.append(('scores.' ~ class.name, class.column, 'numeric')) -%}{%- endfor -%}
  {%- if not m.classes -%}{%- do wanted.append(('score', m.score, 'numeric')) -%}{%- endif -%}
  {%- if m.entity_id -%}{%- do wanted.append(('entity_id', m.entity_id, 'any')) -%}{%- endif -%}
  {%- if m.query_id -%}{%- do wanted.extend([('query_id', m.query_id, 'any'), ('rank', m.rank, 'numeric')]) -%}{%- endif -%}
  {%- for segment in m.segments -%}{%- do wanted.append(('segments', segment.column, 'any')) -%}{%- endfor -%}
  {#- a multiclass model's class probabilities are checked as scores above; predicted_class is computed -#}
  {%- set computed = m.classes | map(attribute='column') | list + (['predicted_class'] if m.classes else []) -%}
  {%- for feature in m.features if not feature.is_score and feature.name not in computed -%}
    {%- do wanted.append(('features.' ~ feature.kind, feature.name, feature.kind)) -%}
  {%- endfor -%}
  {%- for feature in m.features if feature.updated_at -%}
    {%- do wanted.append(('features.updated_at.' ~ feature.name, feature.updated_at, 'temporal')) -%}
  {%- endfor -%}
  {%- if m.overrides -%}{%- do wanted.append(('overrides.flag', m.overrides.flag, 'binary')) -%}{%- endif -%}
  {%- set label_relation = (m.labels or {}).get('relation') -%}
  {%- if label_relation -%}
    {{ return({'columns': retrain_gate.check_columns(m.model_id, 'relation', m.relation, wanted),
               'feedback': retrain_gate.check_columns(m.model_id, 'labels.relation', label_relation,
                   [('prediction_id', m.prediction_id, 'any')] + feedback)}) }}
  {%- endif -%}
  {%- set resolved = retrain_gate.check_columns(m.model_id, 'relation', m.relation, wanted + feedback) -%}
  {{ return({'columns': resolved, 'feedback': resolved}) }}
{% endmacro %}


{#- Checks `wanted` [(config key, column, kind)] against the relation `spec` (see resolve_columns). -#}
{% macro check_columns(model_id, relation_key, spec, wanted) %}
  {%- set resolved = {} -%}
  {%- if not execute -%}
    {%- for key, name, kind in wanted -%}{%- do resolved.update({name: {'sql': adapter.quote(name), 'family': none, 'dtype': none}}) -%}{%- endfor -%}
    {{ return(resolved) }}
  {%- endif -%}

  {%- set relation = retrain_gate.spec_relation(spec) -%}
  {%- if load_relation(relation) is none -%}
    {{ retrain_gate.config_error(model_id, relation_key, "relation '" ~ spec ~ "' (" ~ relation ~ ') does not exist in the warehouse.', 'build or load it first, or point ' ~ relation_key ~ ' at an existing model or source.') }}
  {%- endif -%}
  {%- set columns = adapter.get_columns_in_relation(relation) -%}
  {%- set by_lower = {} -%}
  {%- for column in columns -%}{%- do by_lower.update({column.name | lower: column}) -%}{%- endfor -%}
  {%- for key, name, kind in wanted -%}
    {%- set column = (columns | selectattr('name', 'equalto', name) | first) or by_lower.get(name | lower) -%}
    {%- if column is none -%}
      {{ retrain_gate.config_error(model_id, key, "column '" ~ name ~ "' is not in relation " ~ relation ~ '.', 'name one of its columns (' ~ (columns | map(attribute='name') | join(', ')) ~ ').') }}
    {%- endif -%}
    {%- set family = retrain_gate.type_family(column.dtype) -%}
    {%- if kind == 'numeric' and family != 'numeric' -%}
      {{ retrain_gate.config_error(model_id, key, "column '" ~ name ~ "' has type " ~ column.dtype ~ ', which is not numeric.',
          'list it under features.categorical' if key == 'features.numeric' else 'point ' ~ key ~ ' at a numeric column.') }}
    {%- endif -%}
    {%- if kind == 'binary' and family not in ['numeric', 'boolean'] -%}
      {{ retrain_gate.config_error(model_id, key, "column '" ~ name ~ "' has type " ~ column.dtype ~ ', not a boolean or a 0/1 number.', 'point ' ~ key ~ ' at a boolean or 0/1 column, or cast it in the relation.') }}
    {%- endif -%}
    {%- if kind == 'temporal' and family != 'temporal' -%}
      {{ retrain_gate.config_error(model_id, key, "column '" ~ name ~ "' has type " ~ column.dtype ~ ', not a date or timestamp.', 'point ' ~ key ~ ' at a date or timestamp column, or cast it in the relation.') }}
    {%- endif -%}
    {%- if kind == 'categorical' and family == 'numeric' and modules.re.search('float|double|real|decimal|numeric', column.dtype | lower) -%}
      {{ retrain_gate.config_error(model_id, key, "column '" ~ name ~ "' has type " ~ column.dtype ~ ', a measure, not a category.', 'list it under features.numeric.') }}
    {%- endif -%}
    {%- do resolved.update({name: {'sql': adapter.quote(column.name), 'family': family, 'dtype': column.dtype}}) -%}
  {%- endfor -%}
  {{ return(resolved) }}
{% endmacro %}


{#- numeric | temporal | boolean | other, from a column's type name as the adapter reports it. -#}
{% macro type_family(dtype) %}
  {%- set t = dtype | lower -%}
  {%- if modules.re.match('^(u?(tiny|small|big|huge)?int|integer|int\\d|u?bigint|float|double|real|decimal|numeric|number)', t) -%}
    {{ return('numeric') }}
  {%- elif modules.re.match('^(date|timestamp|datetime)', t) -%}
    {{ return('temporal') }}
  {%- elif modules.re.match('^bool', t) -%}
    {{ return('boolean') }}
  {%- endif -%}
  {{ return('other') }}
{% endmacro %}
