{#- {model_id: [the columns binned as scores: the score (a multiclass model's top class probability) and each class probability]} -#}
{% macro score_columns() %}
  {%- set columns = {} -%}
  {%- for m in retrain_gate.get_config().models -%}
    {%- do columns.update({m.model_id: [m.score] + m.classes | map(attribute='column') | list}) -%}
  {%- endfor -%}
  {{ return(columns) }}
{% endmacro %}
