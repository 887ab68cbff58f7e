{#-
  A ranking model's query_id (the column whose rows form one ranked list) and rank (the
  position shown, 1 first), both required for kind: ranking and refused on other kinds.
  Returns {query_id, rank}, none for other kinds (docs/ranking.md).
-#}
{% macro normalise_ranking(model_id, entry, ranking) %}
  {%- for key, example in [('query_id', 'query_id: search_id'), ('rank', 'rank: position')] -%}
    {%- if ranking and entry.get(key) is none -%}
      {{ retrain_gate.config_error(model_id, key, 'a ranking model needs ' ~ key ~ ': the rows of one query form one ranked list, ordered by rank.', 'add ' ~ example ~ ' (docs/ranking.md).') }}
    {%- endif -%}
    {%- if not ranking and entry.get(key) is not none -%}
      {{ retrain_gate.config_error(model_id, key, key ~ ' is for kind: ranking.', 'set kind: ranking, or remove ' ~ key ~ '.') }}
    {%- endif -%}
  {%- endfor -%}
  {%- if not ranking -%}
    {{ return({'query_id': none, 'rank': none}) }}
  {%- endif -%}
  {%- set query_id = retrain_gate.column_name(model_id, 'query_id', entry.query_id, true) -%}
  {%- set rank = retrain_gate.column_name(model_id, 'rank', entry.rank, true) -%}
  {%- set listed = [entry.score] -%}
  {%- for key in ['numeric', 'categorical'] if entry.features is mapping -%}
    {%- set items = entry.features.get(key) -%}
    {%- if items is iterable and items is not string and items is not mapping -%}{%- do listed.extend(items) -%}{%- endif -%}
  {%- endfor -%}
  {%- for key, column in [('query_id', query_id), ('rank', rank)] -%}
    {%- if column in listed -%}
      {{ retrain_gate.config_error(model_id, key, "'" ~ column ~ "' is listed as a feature or the score too.", 'remove it from features: ' ~ key ~ ' places a row in its list and is not a model input retrain_gate profiles.') }}
    {%- endif -%}
  {%- endfor -%}
  {{ return({'query_id': query_id, 'rank': rank}) }}
{% endmacro %}
