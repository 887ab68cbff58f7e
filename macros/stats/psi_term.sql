{#-
  One bin's term of the population stability index: (p' - q') * ln(p' / q'), with the window
  share p and the reference share q floored at epsilon on both sides (p' = max(p, epsilon)), so
  a bin empty on one side adds a large but finite term. PSI is the sum over bins.
-#}
{% macro psi_term(p, q, epsilon) %}
  (greatest({{ p }}, {{ epsilon }}) - greatest({{ q }}, {{ epsilon }})) * ln(greatest({{ p }}, {{ epsilon }}) / greatest({{ q }}, {{ epsilon }}))
{%- endmacro %}
