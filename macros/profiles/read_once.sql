{#-
  What the macro `reader` returns (called with `args`; `name` tells the calls apart), read from
  the warehouse once per invocation and kept in `graph` (a dict the invocation's nodes share):
  the frozen reference bins, the score bands, the entity sample rates and each model's resolved
  columns are read by many models and by the plans of the tables downstream of them, and
  nothing rewrites them once the models that read them run (they are upstream of every
  reader). At parse time the reader runs as it is (it reads nothing then).
-#}
{% macro read_once(name, reader, args=[]) %}
  {%- if not execute or graph is not mapping -%}{{ return(reader(*args)) }}{%- endif -%}
  {%- set cache = graph.setdefault('retrain_gate_reads', {}) -%}
  {%- set key = invocation_id ~ '|' ~ name -%}
  {%- if key not in cache -%}{%- do cache.update({key: reader(*args)}) -%}{%- endif -%}
  {{ return(cache[key]) }}
{% endmacro %}
