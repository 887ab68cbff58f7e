{#-
  The frozen reference bins as the histogram SQL needs them, read when dbt executes:
    {model_id: {feature: {kind, cuts: [SQL literals u_0..u_m] (numeric),
                          unseen_bin (categorical), version: 'fingerprint@computed_at'}}}
  Empty at parse time; read once per invocation (read_once).
-#}
{% macro reference_bin_catalog() %}
  {{ return(retrain_gate.read_once('reference_bin_catalog', retrain_gate.read_reference_bin_catalog)) }}
{% endmacro %}

{#-
  Two queries: one row per feature (its first bin's version, its unseen bin), then each
  distinct cut once, in bin order. A fleet's bins are tens of thousands of rows: read whole,
  each through dedup and a literal macro in Jinja, they took seconds of every node that uses
  the catalog (5.3 s at 30 models, bench/README.md "A fleet of models").
-#}
{% macro read_reference_bin_catalog() %}
  {%- set catalog = {} -%}
  {%- if not execute -%}{{ return(catalog) }}{%- endif -%}
  {%- set bins = ref('int_retrain_gate__reference_bins') -%}
  {%- set features = retrain_gate.query_if_exists(bins,
      "select model_id, feature, feature_kind, bins_fingerprint, computed_at, unseen_bin from (select model_id, feature, feature_kind, "
      ~ "bins_fingerprint, computed_at, max(case when bin_label = '__unseen__' then bin_index end) over (partition by model_id, feature) "
      ~ "as unseen_bin, row_number() over (partition by model_id, feature order by bin_index) as bin_rank from " ~ bins
      ~ ") as ranked where bin_rank = 1 order by model_id, feature") -%}
  {%- for row in features -%}
    {%- if row[0] not in catalog -%}{%- do catalog.update({row[0]: {}}) -%}{%- endif -%}
    {%- do catalog[row[0]].update({row[1]: {'kind': row[2], 'cuts': [], 'unseen_bin': row[5], 'version': row[3] ~ '@' ~ row[4]}}) -%}
  {%- endfor -%}
  {%- set cuts = retrain_gate.query_if_exists(bins,
      'select model_id, feature, upper_bound, min(bin_index) as first_bin from ' ~ bins
      ~ ' where upper_bound is not null group by model_id, feature, upper_bound order by model_id, feature, first_bin') -%}
  {#- double_literal's form, inlined: a macro call per cut is most of the cost above -#}
  {%- set double = retrain_gate.type_double() -%}
  {%- for row in cuts -%}
    {%- do catalog[row[0]][row[1]].cuts.append("cast('" ~ row[2] ~ "' as " ~ double ~ ")") -%}
  {%- endfor -%}
  {{ return(catalog) }}
{% endmacro %}


{#- A double as an exact SQL literal: the shortest decimal that reads back as the same double. -#}
{% macro double_literal(value) %}
  {{ return("cast('" ~ value ~ "' as " ~ retrain_gate.type_double() ~ ")") }}
{% endmacro %}
