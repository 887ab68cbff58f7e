{#-
  The one way the package reports a configuration mistake: it names the monitored model,
  the key (or column) and the fix, and stops the run before anything is built.
-#}
{% macro config_error(model_id, key, problem, fix) %}
  {%- set where = 'vars.retrain_gate' ~ ('.models.' ~ model_id if model_id else '') ~ ('.' ~ key if key else '') -%}
  {%- set msg = 'retrain_gate config error'
      ~ (" in monitored model '" ~ model_id ~ "'" if model_id else '')
      ~ ' at ' ~ where ~ ': ' ~ problem ~ ' Fix: ' ~ fix -%}
  {{ exceptions.raise_compiler_error(msg) }}
{% endmacro %}
