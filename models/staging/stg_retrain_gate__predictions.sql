{#-
  Every monitored model's prediction log in one shape: one row per prediction, with the model's
  segments, score and features in fixed slots (seg_i, num_i, cat_i in config order, and upd_i
  for the features' updated_at columns), and its feedback: label (1/0, or the number a regression
  model predicts, as a double; for a multiclass model whether its top class is the label's, for
  a ranking model whether the result's relevance is above 0), label_class (a multiclass model's
  label as text), query_id, result_rank and label_relevance (a ranking model's list, position
  shown and graded relevance), loss, exposure,
  proxy_metric and proxy_target (1/0), overridden (1/0), label_arrived_at (when the feedback
  arrived: labels.arrived_at); null where not configured. A view: it
  copies nothing, and a filter on event_at reaches the underlying tables, so incremental models
  read only the days they need. Building it checks every configured column (resolve_columns).
  The day of a row is the UTC date of its timestamp (utc_timestamp).
-#}
{{ config(materialized='view') }}
{%- set cfg = retrain_gate.get_config() -%}
{%- for m in cfg.models %}
{{ retrain_gate.staged_model_rows(m) }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
