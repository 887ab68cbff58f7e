{#-
  The rows of every check of `family` (check_names), for the family's CTE `checks`: the union
  of each check's macro check_<name> (macros/checks/<family>/<name>.sql), one SELECT each with
  the columns check_rows reads but family and fingerprint. A registry entry without its macro
  fails the build rather than leave the check out.
-#}
{% macro check_union(family) %}
  {%- for name in retrain_gate.check_names(family) %}
    {%- if ('check_' ~ name) not in retrain_gate %}
      {{ exceptions.raise_compiler_error('retrain_gate: the ' ~ family ~ ' check ' ~ name ~ ' has no macro check_' ~ name
                                         ~ ' (macros/checks/' ~ family ~ '/' ~ name ~ '.sql)') }}
    {%- endif %}
{{ retrain_gate['check_' ~ name]() }}
{{ 'union all' if not loop.last }}
  {%- endfor %}
{% endmacro %}
