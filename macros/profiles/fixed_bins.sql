{#-
  Bins from given cut literals u_0 < ... < u_m rather than from the frozen reference bins, in the
  shape of a reference_bin_catalog entry: what bin_index_expression and numeric_bin_counts take.
  The macros' own tests bin with fixed cuts.
-#}
{% macro fixed_bins(cuts) %}
  {{ return({'cuts': cuts, 'first_cut': cuts[0], 'last_cut': cuts[-1], 'cut_count': cuts | length}) }}
{% endmacro %}
