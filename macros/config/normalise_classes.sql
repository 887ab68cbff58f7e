{#-
  A multiclass model's scores: {class: probability column}, at least two classes. Returns
  {score, classes: [{name, column}]}, the score being top_class_probability, the largest of the
  row's class probabilities, which the staged rows compute (docs/multiclass.md).
-#}
{% macro normalise_classes(model_id, entry) %}
  {%- if entry.get('score') is not none -%}
    {{ retrain_gate.config_error(model_id, 'score', 'a multiclass model has a probability column per class, not one score.', 'remove score and write scores: {class_a: p_class_a, class_b: p_class_b}.') }}
  {%- endif -%}
  {%- set scores = entry.scores -%}
  {%- if scores is not mapping or scores | length < 2 -%}
    {{ retrain_gate.config_error(model_id, 'scores', 'expected a mapping of at least two classes to their probability columns, got ' ~ scores ~ '.', 'write scores: {billing: p_billing, tech: p_tech}.') }}
  {%- endif -%}
  {%- set classes = [] -%}
  {%- for name, column in scores.items() -%}
    {%- set label = name | string -%}
    {#- class names are compared with the label as SQL string literals -#}
    {#- '(other)' is the class profile's row of labels that name no class -#}
    {%- if name is boolean or label | trim == '' or "'" in label or label == '(other)' -%}
      {{ retrain_gate.config_error(model_id, 'scores', "class name '" ~ label ~ "' cannot be matched to a label.", 'name each class as its labels spell it, without quotes (true and false are booleans in YAML: quote them).') }}
    {%- endif -%}
    {%- do retrain_gate.column_name(model_id, 'scores.' ~ label, column, true) -%}
    {%- if column in classes | map(attribute='column') | list -%}
      {{ retrain_gate.config_error(model_id, 'scores.' ~ label, "column '" ~ column ~ "' is the probability of another class too.", 'give each class its own probability column.') }}
    {%- endif -%}
    {%- if column == 'top_class_probability' -%}
      {{ retrain_gate.config_error(model_id, 'scores.' ~ label, "'top_class_probability' is the name of the largest class probability, which retrain_gate computes.", 'rename the column (or alias it in a view).') }}
    {%- endif -%}
    {%- do classes.append({'name': label, 'column': column}) -%}
  {%- endfor -%}
  {{ return({'score': 'top_class_probability', 'classes': classes}) }}
{% endmacro %}
