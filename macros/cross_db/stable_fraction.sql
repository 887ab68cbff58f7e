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
  {{- retrain_gate.signed_hash_fraction('hashtextextended(' ~ expr ~ ', 0)') -}}
{%- endmacro %}

{% macro spark__stable_fraction(expr) %}
  {{- retrain_gate.signed_hash_fraction('xxhash64(' ~ expr ~ ')') -}}
{%- endmacro %}

{#-
  Snowflake's hash() is a signed 64-bit integer; the emulator the tests run (snowduck) returns
  DuckDB's unsigned one. hash / 2^64 minus its floor is the same fraction of the same 64 bits
  read either way, so the sample is uniform on both.
-#}
{% macro snowflake__stable_fraction(expr) %}
  {%- set share = '(cast(hash(' ~ expr ~ ') as ' ~ retrain_gate.type_double() ~ ') / 18446744073709551616.0)' -%}
  ({{ share }} - floor({{ share }}))
{%- endmacro %}

{#- A signed 64-bit hash (-2^63 .. 2^63 - 1) moved onto [0, 1). -#}
{% macro signed_hash_fraction(hash_expr) %}
  ((cast({{ hash_expr }} as {{ retrain_gate.type_double() }}) + 9223372036854775808.0) / 18446744073709551616.0)
{%- endmacro %}
