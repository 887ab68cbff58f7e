{#-
  The score bands of each model with labels or a proxy, read when dbt executes:
    {model_id: {edges: [e_1 < ... < e_(k-1)] as SQL literals, values: the same as numbers}}
  Band b holds the scores in (e_(b-1), e_b], band 1 everything up to e_1 and band k everything
  above e_(k-1), so band(v) = 1 + the number of edges below v.

  `bands: N` (quantile bands of the reference): the edges are reference cuts of the score (see
  int_retrain_gate__reference_cuts), band b ending at the highest cut whose quantile level L
  has max(1, ceil(L * N / histogram_bins)) = b, the rule that merges histogram bins into drift
  bins. Every band is a union of the score's histogram bins; ties at a cut merge bands, so a
  score with few distinct values gets fewer than N bands. Explicit cutpoints are the edges.
  A model whose score cuts are not computed yet (no reference rows) is absent. Read once per
  invocation (read_once).
-#}
{% macro score_bands() %}
  {{ return(retrain_gate.read_once('score_bands', retrain_gate.read_score_bands)) }}
{% endmacro %}

{% macro read_score_bands() %}
  {%- set bands = {} -%}
  {%- if not execute -%}{{ return(bands) }}{%- endif -%}
  {%- set models = retrain_gate.models_with_feedback() -%}
  {%- set quantile = models | selectattr('bands.kind', 'equalto', 'quantile') | list -%}
  {%- set levels = {} -%}
  {%- if quantile | length > 0 -%}
    {%- set cuts = ref('int_retrain_gate__reference_cuts') -%}
    {%- set conditions = [] -%}
    {%- for m in quantile -%}
      {%- do conditions.append("(model_id = '" ~ m.model_id ~ "' and feature = '" ~ m.score ~ "')") -%}
    {%- endfor -%}
    {%- for row in retrain_gate.query_if_exists(cuts, 'select model_id, cut_value, quantile_level, histogram_bins from ' ~ cuts
        ~ ' where ' ~ conditions | join(' or ') ~ ' order by model_id, cut_index') -%}
      {%- if row[0] not in levels -%}{%- do levels.update({row[0]: []}) -%}{%- endif -%}
      {%- do levels[row[0]].append((row[1], row[2], row[3])) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- for m in models -%}
    {%- if m.bands.kind == 'cutpoints' -%}
      {%- set values = m.bands.cutpoints -%}
    {%- elif m.model_id in levels -%}
      {%- set upper = {} -%}
      {%- for value, level, bins in levels[m.model_id] -%}
        {%- do upper.update({[1, (level * m.bands.count / bins) | round(0, 'ceil') | int] | max: value}) -%}
      {%- endfor -%}
      {#- the last band has no upper edge: it holds everything above the one before -#}
      {%- set values = (upper | dictsort | map(attribute='1') | list)[:-1] -%}
    {%- else -%}
      {%- set values = none -%}
    {%- endif -%}
    {%- if values is not none -%}
      {%- do bands.update({m.model_id: {'values': values, 'edges': retrain_gate.double_literals(values)}}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(bands) }}
{% endmacro %}


{#- The monitored models with labels or a proxy: those with outcome signals. -#}
{% macro models_with_feedback() %}
  {%- set models = [] -%}
  {%- for m in retrain_gate.get_config().models if m.labels or m.proxy -%}{%- do models.append(m) -%}{%- endfor -%}
  {{ return(models) }}
{% endmacro %}


{#- The band of `value` given the band edges (SQL literals): 1 + the number of edges below it. -#}
{% macro band_expression(value, edges) %}
  {%- if edges | length == 0 -%}
    1
  {%- else -%}
    1 + {{ retrain_gate.count_cuts_below(value, edges, 0, edges | length) }}
  {%- endif -%}
{%- endmacro %}
