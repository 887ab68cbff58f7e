{#-
  Checks, when dbt executes, that every column a monitored model's config names exists in its
  relation with a usable type, and returns {config name: quoted column} for the staging SQL.
  At parse time (no warehouse yet) it returns the names quoted as written.
-#}
{% macro resolve_columns(m) %}
  {%- set wanted = [('prediction_id', m.prediction_id, 'any'), ('timestamp', m.timestamp, 'temporal'),
                    ('score', m.score, 'numeric')] -%}
  {%- if m.entity_id -%}{%- do wanted.append(('entity_id', m.entity_id, 'any')) -%}{%- endif -%}
  {%- for segment in m.segments -%}{%- do wanted.append(('segments', segment.column, 'any')) -%}{%- endfor -%}
  {%- for feature in m.features if not feature.is_score -%}
    {%- do wanted.append(('features.' ~ feature.kind, feature.name, feature.kind)) -%}
  {%- endfor -%}
  {%- for feature in m.features if feature.updated_at -%}
    {%- do wanted.append(('features.updated_at.' ~ feature.name, feature.updated_at, 'temporal')) -%}
  {%- endfor -%}

  {%- set resolved = {} -%}
  {%- if not execute -%}
    {%- for key, name, kind in wanted -%}{%- do resolved.update({name: adapter.quote(name)}) -%}{%- endfor -%}
    {{ return(resolved) }}
  {%- endif -%}

  {%- set relation = retrain_gate.spec_relation(m.relation) -%}
  {%- if load_relation(relation) is none -%}
    {{ retrain_gate.config_error(m.model_id, 'relation', "relation '" ~ m.relation ~ "' (" ~ relation ~ ') does not exist in the warehouse.', 'build or load it first, or point relation at an existing model or source.') }}
  {%- endif -%}
  {%- set columns = adapter.get_columns_in_relation(relation) -%}
  {%- set by_lower = {} -%}
  {%- for column in columns -%}{%- do by_lower.update({column.name | lower: column}) -%}{%- endfor -%}
  {%- for key, name, kind in wanted -%}
    {%- set column = (columns | selectattr('name', 'equalto', name) | first) or by_lower.get(name | lower) -%}
    {%- if column is none -%}
      {{ retrain_gate.config_error(m.model_id, key, "column '" ~ name ~ "' is not in relation " ~ relation ~ '.', 'name one of its columns (' ~ (columns | map(attribute='name') | join(', ')) ~ ').') }}
    {%- endif -%}
    {%- set family = retrain_gate.type_family(column.dtype) -%}
    {%- if kind == 'numeric' and family != 'numeric' -%}
      {{ retrain_gate.config_error(m.model_id, key, "column '" ~ name ~ "' has type " ~ column.dtype ~ ', which is not numeric.',
          'list it under features.categorical' if key == 'features.numeric' else 'point ' ~ key ~ ' at a numeric column.') }}
    {%- endif -%}
    {%- if kind == 'temporal' and family != 'temporal' -%}
      {{ retrain_gate.config_error(m.model_id, key, "column '" ~ name ~ "' has type " ~ column.dtype ~ ', not a date or timestamp.', 'point ' ~ key ~ ' at a date or timestamp column, or cast it in the relation.') }}
    {%- endif -%}
    {%- if kind == 'categorical' and family == 'numeric' and modules.re.search('float|double|real|decimal|numeric', column.dtype | lower) -%}
      {{ retrain_gate.config_error(m.model_id, key, "column '" ~ name ~ "' has type " ~ column.dtype ~ ', a measure, not a category.', 'list it under features.numeric.') }}
    {%- endif -%}
    {%- do resolved.update({name: adapter.quote(column.name)}) -%}
  {%- endfor -%}
  {{ return(resolved) }}
{% endmacro %}


{#- numeric | temporal | other, from a column's type name as the adapter reports it. -#}
{% macro type_family(dtype) %}
  {%- set t = dtype | lower -%}
  {%- if modules.re.match('^(u?(tiny|small|big|huge)?int|integer|int\\d|u?bigint|float|double|real|decimal|numeric|number)', t) -%}
    {{ return('numeric') }}
  {%- elif modules.re.match('^(date|timestamp|datetime)', t) -%}
    {{ return('temporal') }}
  {%- endif -%}
  {{ return('other') }}
{% endmacro %}
