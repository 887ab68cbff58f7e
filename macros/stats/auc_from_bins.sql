{#-
  The AUC (the probability that a positive scores above a negative, ties counting one half)
  and its DeLong variance, from class counts per score bin: `source` has the `keys` columns,
  score_bin (ascending bins of the score) and n_pos, n_neg. Per keys: auc, auc_variance,
  auc_error_bound, n_pos, n_neg. With P positives, N negatives, and per bin b:

    v10_b    (negatives below b + n_neg_b / 2) / N: a positive of bin b's placement
    v01_b    (positives above b + n_pos_b / 2) / P: a negative of bin b's placement
    auc      sum over b of n_pos_b * v10_b / P  (= sum over b of n_neg_b * v01_b / N)
    auc_variance  DeLong's S10 / P + S01 / N, S10 = sum n_pos_b (v10_b - auc)^2 / (P - 1) and
             S01 = sum n_neg_b (v01_b - auc)^2 / (N - 1): the structural components of the
             binned score, exact for it (ties inside a bin are ties); null below 2 of a class
    auc_error_bound  1/2 * sum over b of n_pos_b * n_neg_b / (P * N)

  Pairs in different bins are ordered exactly as their scores are; only pairs sharing a bin are
  counted one half, and their true contribution lies between 0 and all of them, so the exact
  AUC (sklearn's roc_auc_score on the rows) is within auc +/- auc_error_bound. Null when a
  class is empty.
-#}
{% macro auc_from_bins(source, keys) %}
  {%- set key_list = keys | join(', ') -%}
  {%- set double = retrain_gate.type_double() -%}
  {%- set ordered = 'partition by ' ~ key_list ~ ' order by score_bin' -%}
  select
    {{ key_list }},
    auc,
    (sum_v10_sq - n_pos * auc * auc) / nullif((n_pos - 1) * n_pos, 0)
    + (sum_v01_sq - n_neg * auc * auc) / nullif((n_neg - 1) * n_neg, 0) as auc_variance,
    auc_error_bound,
    n_pos,
    n_neg
  from (
    select
      {{ key_list }},
      sum(n_pos * v10) / nullif(max(total_pos), 0) as auc,
      sum(n_pos * v10 * v10) as sum_v10_sq,
      sum(n_neg * v01 * v01) as sum_v01_sq,
      0.5 * sum(n_pos * n_neg) / nullif(max(total_pos) * max(total_neg), 0) as auc_error_bound,
      max(total_pos) as n_pos,
      max(total_neg) as n_neg
    from (
      select
        {{ key_list }},
        n_pos,
        n_neg,
        total_pos,
        total_neg,
        (negatives_below + 0.5 * n_neg) / nullif(total_neg, 0) as v10,
        (positives_above + 0.5 * n_pos) / nullif(total_pos, 0) as v01
      from (
        select
          {{ key_list }},
          cast(n_pos as {{ double }}) as n_pos,
          cast(n_neg as {{ double }}) as n_neg,
          cast(sum(n_pos) over ({{ ordered }} desc rows between unbounded preceding and current row) - n_pos as {{ double }})
            as positives_above,
          cast(sum(n_neg) over ({{ ordered }} rows between unbounded preceding and current row) - n_neg as {{ double }})
            as negatives_below,
          cast(sum(n_pos) over (partition by {{ key_list }}) as {{ double }}) as total_pos,
          cast(sum(n_neg) over (partition by {{ key_list }}) as {{ double }}) as total_neg
        from {{ source }}
      ) as counted
    ) as placed
    group by {{ key_list }}
  ) as summed
{%- endmacro %}
