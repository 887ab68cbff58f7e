{#-
  What the macro `reader` returns (called with `args`; `name` tells the calls apart), computed
  once per invocation and kept in `graph` (a dict the invocation's nodes share): the frozen
  reference bins, the score bands, the entity sample rates, each model's resolved columns and
  its rendered staged branch are used by many models and by the plans of the tables downstream
  of them, and nothing rewrites them once the models that use them run (they are upstream of
  every user). At parse time the reader runs as it is (it reads nothing then).
-#}
{% macro read_once(name, reader, args=[]) %}
  {%- if not execute or graph is not mapping -%}{{ return(reader(*args)) }}{%- endif -%}
  {%- set cache = graph.setdefault('retrain_gate_reads', {}) -%}
  {%- set key = invocation_id ~ '|' ~ name -%}
  {%- if key not in cache -%}{%- do cache.update({key: reader(*args)}) -%}{%- endif -%}
  {{ return(cache[key]) }}
{% endmacro %}
