{#-
  The frozen reference bins as the histogram SQL needs them, read when dbt executes:
    {model_id: {feature: {kind, cuts: [SQL literals u_0..u_m] (numeric),
                          unseen_bin (categorical), version: 'fingerprint@computed_at'}}}
  Empty at parse time; read once per invocation (read_once).
-#}
{% macro reference_bin_catalog() %}
  {{ return(retrain_gate.read_once('reference_bin_catalog', retrain_gate.read_reference_bin_catalog)) }}
{% endmacro %}

{% macro read_reference_bin_catalog() %}
  {%- set catalog = {} -%}
  {%- if not execute -%}{{ return(catalog) }}{%- endif -%}
  {%- set bins = ref('int_retrain_gate__reference_bins') -%}
  {%- set rows = retrain_gate.query_if_exists(bins, 'select model_id, feature, feature_kind, bin_index, upper_bound, bin_label, bins_fingerprint, computed_at from '
      ~ bins ~ ' order by model_id, feature, bin_index') -%}
  {%- for row in rows -%}
    {%- if row[0] not in catalog -%}{%- do catalog.update({row[0]: {}}) -%}{%- endif -%}
    {%- if row[1] not in catalog[row[0]] -%}
      {%- do catalog[row[0]].update({row[1]: {'kind': row[2], 'cuts': [], 'unseen_bin': none, 'version': row[6] ~ '@' ~ row[7]}}) -%}
    {%- endif -%}
    {%- set entry = catalog[row[0]][row[1]] -%}
    {%- if row[4] is not none -%}
      {%- set literal = retrain_gate.double_literal(row[4]) -%}
      {%- if literal not in entry.cuts -%}{%- do entry.cuts.append(literal) -%}{%- endif -%}
    {%- endif -%}
    {%- if row[5] == '__unseen__' -%}{%- do entry.update({'unseen_bin': row[3]}) -%}{%- endif -%}
  {%- endfor -%}
  {{ return(catalog) }}
{% endmacro %}


{#- A double as an exact SQL literal: the shortest decimal that reads back as the same double. -#}
{% macro double_literal(value) %}
  {{ return("cast('" ~ value ~ "' as " ~ retrain_gate.type_double() ~ ")") }}
{% endmacro %}
