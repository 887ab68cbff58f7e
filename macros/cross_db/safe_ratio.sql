{#-
  numerator / denominator as a double, null where the denominator is 0:
  cast(numerator as double) / nullif(denominator, 0). Not parenthesised, so that it renders
  exactly as the expressions it replaced: wrap it in parentheses where it is divided by, or
  multiplied by something whose rounding order matters.
-#}
{% macro safe_ratio(numerator, denominator) %}
  {{ return(adapter.dispatch('safe_ratio', 'retrain_gate')(numerator, denominator)) }}
{% endmacro %}

{% macro default__safe_ratio(numerator, denominator) %}
  {{ return('cast(' ~ numerator ~ ' as ' ~ retrain_gate.type_double() ~ ') / nullif(' ~ denominator ~ ', 0)') }}
{% endmacro %}
