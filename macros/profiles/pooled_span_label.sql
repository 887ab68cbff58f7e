{#-
  ' (pooled <window_start>..<window_end>)' when a day-level check pooled more than its day
  (pooled_days), else '': the suffix of its evidence.
-#}
{% macro pooled_span_label(window_start, window_end) %}
  {%- set text = dbt.type_string() -%}
  case
    when {{ window_start }} < {{ window_end }}
      then {{ dbt.concat(["' (pooled '", 'cast(' ~ window_start ~ ' as ' ~ text ~ ')', "'..'",
                          'cast(' ~ window_end ~ ' as ' ~ text ~ ')', "')'"]) }}
    else ''
  end
{%- endmacro %}
