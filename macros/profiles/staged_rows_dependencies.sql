{#-
  The `-- depends_on:` lines of a model that reads staged rows (staged_rows, staged_model_rows):
  the staging view, whose build checks every configured column, and every monitored model's
  relation and labels relation, which those macros read directly. dbt records a ref() only if
  it runs while parsing; a model whose plan is empty at parse time reads no model's rows then,
  so its edges to the relations it reads at run time are declared here, for every model.
-#}
{% macro staged_rows_dependencies() %}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{%- for m in retrain_gate.get_config().models %}
-- depends_on: {{ retrain_gate.spec_relation(m.relation) }}
{%- if (m.labels or {}).get('relation') %}
-- depends_on: {{ retrain_gate.spec_relation(m.labels.relation) }}
{%- endif %}
{%- endfor %}
{% endmacro %}
