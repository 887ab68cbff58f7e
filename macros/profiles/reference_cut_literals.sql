{#-
  The cut points u_0 < ... < u_m of `bins` (a reference_bin_catalog entry, or fixed_bins) as SQL
  literals, for the SQL that inlines them: the portable binary search of bin_index_expression.
  A catalog entry's are read once per invocation and role, in one query: the scores' (a score
  bin per row in the outcome and class profiles) and the features' (the portable
  numeric_bin_counts). An engine whose SQL reads a feature's cuts from the bins table (DuckDB,
  Postgres) never asks for the features', the bulk of the rows.
-#}
{% macro reference_cut_literals(bins) %}
  {%- if 'cuts' in bins -%}{{ return(bins.cuts) }}{%- endif -%}
  {%- set lists = retrain_gate.read_once('reference_cut_literals|' ~ bins.role, retrain_gate.read_reference_cut_literals, [bins.role]) -%}
  {{ return(lists[bins.model_id][bins.feature]) }}
{% endmacro %}

{% macro read_reference_cut_literals(role) %}
  {%- set scores = [] -%}
  {%- for model_id, columns in retrain_gate.score_columns().items() -%}
    {%- do scores.append("(model_id = '" ~ model_id ~ "' and feature in ('" ~ columns | join("', '") ~ "'))") -%}
  {%- endfor -%}
  {%- set bins = ref('int_retrain_gate__reference_bins') -%}
  {%- set rows = retrain_gate.query_if_exists(bins, 'select model_id, feature, upper_bound, min(bin_index) as first_bin from ' ~ bins
      ~ ' where upper_bound is not null and ' ~ ('' if role == 'score' else 'not ') ~ '(' ~ (scores | join(' or ') or '1 = 0') ~ ')'
      ~ ' group by model_id, feature, upper_bound order by model_id, feature, first_bin') -%}
  {#- every cut as a literal in one call, as the catalog's edges: a call per feature is a type lookup per feature -#}
  {%- set literals = retrain_gate.double_literals(rows | map(attribute=2) | list) -%}
  {%- set lists = {} -%}
  {%- for row in rows -%}
    {%- do lists.setdefault(row[0], {}).setdefault(row[1], []).append(literals[loop.index0]) -%}
  {%- endfor -%}
  {{ return(lists) }}
{% endmacro %}
