{#-
  {model_id: the last eval_date already decided} of retrain_gate_decisions, read when dbt
  executes an incremental run of it; empty on its first run.
-#}
{% macro decided_through() %}
  {%- set decided = {} -%}
  {%- if execute and is_incremental() -%}
    {%- for row in run_query('select model_id, max(eval_date) from ' ~ this ~ ' group by model_id') -%}
      {%- do decided.update({row[0]: row[1] | string}) -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(decided) }}
{% endmacro %}
