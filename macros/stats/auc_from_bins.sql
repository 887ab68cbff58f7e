{#-
  The AUC (the probability that a positive scores above a negative, ties counting one half)
  from class counts per score bin: `source` has the `keys` columns, score_bin (ascending bins
  of the score) and n_pos, n_neg. Per keys: auc, auc_error_bound, n_pos, n_neg.

    auc              sum over bins b of n_neg_b * (n_pos above b + n_pos_b / 2) / (P * N)
    auc_error_bound  1/2 * sum over b of n_pos_b * n_neg_b / (P * N)

  Pairs in different bins are ordered exactly as their scores are; only pairs sharing a bin are
  counted one half, and their true contribution lies between 0 and all of them, so the exact
  AUC (sklearn's roc_auc_score on the rows) is within auc +/- auc_error_bound. Null when a
  class is empty.
-#}
{% macro auc_from_bins(source, keys) %}
  {%- set key_list = keys | join(', ') -%}
  {%- set double = retrain_gate.type_double() -%}
  select
    {{ key_list }},
    sum(n_neg * (positives_above + 0.5 * n_pos)) / nullif(max(total_pos) * max(total_neg), 0) as auc,
    0.5 * sum(n_pos * n_neg) / nullif(max(total_pos) * max(total_neg), 0) as auc_error_bound,
    max(total_pos) as n_pos,
    max(total_neg) as n_neg
  from (
    select
      {{ key_list }},
      cast(n_pos as {{ double }}) as n_pos,
      cast(n_neg as {{ double }}) as n_neg,
      cast(sum(n_pos) over (partition by {{ key_list }} order by score_bin desc rows between unbounded preceding and current row) - n_pos as {{ double }}) as positives_above,
      cast(sum(n_pos) over (partition by {{ key_list }}) as {{ double }}) as total_pos,
      cast(sum(n_neg) over (partition by {{ key_list }}) as {{ double }}) as total_neg
    from {{ source }}
  ) as ordered
  group by {{ key_list }}
{%- endmacro %}
