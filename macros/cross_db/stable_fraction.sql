{#-
  A deterministic pseudo-random number in [0, 1) from a text expression: the same row gets the
  same number on every run, so samples drawn with it (reference bin edges) are reproducible.
-#}
{% macro stable_fraction(expr) %}
  {{ return(adapter.dispatch('stable_fraction', 'retrain_gate')(expr)) }}
{% endmacro %}

{#- Engines without a known stable hash keep every row: exact, only slower. -#}
{% macro default__stable_fraction(expr) %}
  cast(0 as {{ retrain_gate.type_double() }})
{%- endmacro %}

{% macro duckdb__stable_fraction(expr) %}
  (cast(hash({{ expr }}) as {{ retrain_gate.type_double() }}) / 18446744073709551616.0)
{%- endmacro %}

{% macro postgres__stable_fraction(expr) %}
  ((cast(hashtextextended({{ expr }}, 0) as {{ retrain_gate.type_double() }}) + 9223372036854775808.0) / 18446744073709551616.0)
{%- endmacro %}

{% macro spark__stable_fraction(expr) %}
  ((cast(xxhash64({{ expr }}) as {{ retrain_gate.type_double() }}) + 9223372036854775808.0) / 18446744073709551616.0)
{%- endmacro %}
