{#-
  The frozen reference bins as the histogram SQL needs them, read when dbt executes:
    {model_id: {feature: {model_id, feature, kind, version: 'fingerprint@computed_at',
                          role: 'score' (the score, a class probability) or 'feature',
                          first_cut, last_cut (SQL literals u_0, u_m), cut_count (m + 1) (numeric),
                          unseen_bin (categorical)}}}
  An entry is what bin_index_expression and numeric_bin_counts take as `bins`. Empty at parse
  time; read once per invocation (read_once), one row per feature.

  The cuts in between are not here: only an engine that inlines them as literals reads them
  (reference_cut_literals). A fleet's cuts are a hundred thousand rows, and reading them through
  run_query took 2 of the 16 s a fleet spends compiling (bench/README.md "A fleet of models").
-#}
{% macro reference_bin_catalog() %}
  {{ return(retrain_gate.read_once('reference_bin_catalog', retrain_gate.read_reference_bin_catalog)) }}
{% endmacro %}

{% macro read_reference_bin_catalog() %}
  {%- set catalog = {} -%}
  {%- if not execute -%}{{ return(catalog) }}{%- endif -%}
  {%- set scores = retrain_gate.score_columns() -%}
  {%- set bins = ref('int_retrain_gate__reference_bins') -%}
  {%- set features = retrain_gate.query_if_exists(bins,
      'select model_id, feature, max(feature_kind), max(bins_fingerprint), max(computed_at), '
      ~ "max(case when bin_label = '__unseen__' then bin_index end), "
      ~ 'min(upper_bound), max(upper_bound), count(distinct upper_bound) from ' ~ bins
      ~ ' group by model_id, feature order by model_id, feature') -%}
  {#- every first and last cut as literals in one call: a call per feature was 1,600 at 100 models -#}
  {%- set edges = [] -%}
  {%- for row in features -%}{%- do edges.extend([row[6], row[7]]) -%}{%- endfor -%}
  {%- set edges = retrain_gate.double_literals(edges) -%}
  {%- for model_id, feature, kind, fingerprint, computed_at, unseen_bin, first_cut, last_cut, cut_count in features -%}
    {%- set entry = {'model_id': model_id, 'feature': feature, 'kind': kind, 'unseen_bin': unseen_bin,
                     'version': fingerprint ~ '@' ~ computed_at,
                     'role': 'score' if feature in scores.get(model_id, []) else 'feature'} -%}
    {%- if kind == 'numeric' -%}
      {%- do entry.update({'first_cut': edges[2 * loop.index0], 'last_cut': edges[2 * loop.index0 + 1], 'cut_count': cut_count | int}) -%}
    {%- endif -%}
    {%- do catalog.setdefault(model_id, {}).update({feature: entry}) -%}
  {%- endfor -%}
  {{ return(catalog) }}
{% endmacro %}

