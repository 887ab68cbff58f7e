{#-
  ': a unit-like change (x100)' when the spread and the mean both moved by the same power of ten
  (or x60, x3600, x1024, or their inverses) within 10%, else ''. A feature that arrives in cents
  instead of dollars, in seconds instead of minutes, multiplies every value, so both move alike.
-#}
{% macro unit_change_label(scale_factor, location_factor) %}
  {%- set factors = [('x10', 10), ('x100', 100), ('x1000', 1000), ('x60', 60), ('x3600', 3600), ('x1024', 1024),
                     ('/10', 0.1), ('/100', 0.01), ('/1000', 0.001), ('/60', 1.0 / 60), ('/3600', 1.0 / 3600), ('/1024', 1.0 / 1024)] -%}
  case
    {%- for label, factor in factors %}
    when abs({{ scale_factor }} / {{ factor }} - 1) < 0.1 and abs({{ location_factor }} / {{ factor }} - 1) < 0.1
      then ': a unit-like change ({{ label }})'
    {%- endfor %}
    else ''
  end
{%- endmacro %}
