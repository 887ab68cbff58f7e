{#-
  The AUC a histogram of scores would have if each score bin's rows were positive at the
  calibration map's rate, and the terms of its variance, per bin. `source` has the `keys`
  columns, score_bin, n (the rows in the bin) and rate (the map's). With a_b = n_b r_b expected
  positives and c_b = n_b (1 - r_b) expected negatives, P = sum a_b, N = sum c_b:

    v10_b  (c below b + c_b / 2) / N,   v01_b  (a above b + a_b / 2) / P
    auc    sum a_b v10_b / P: auc_from_bins on the expected counts (pairs in one bin count one
           half, as the realized binned AUC counts them)
    d_b    (v10_b - auc) / P - (v01_b - auc) / N: the change of auc when one row of bin b turns
           from negative to positive (the derivatives of auc in a_b and c_b are DeLong's
           structural components over P and N)
    h_b    r_b (v10_b - auc) / P + (1 - r_b) (v01_b - auc) / N: the change when bin b gains a row

  so that, by the delta method, the variance of auc is sum n_b h_b^2 from the histogram's
  sampling (multinomial; sum n_b h_b = 0), sum n_b r_b (1 - r_b) d_b^2 from the labels drawn
  around the map's rates, and (sum over a block of n_b d_b)^2 times the block's rate variance
  from the map's own error (docs/estimated.md). Rows per bin: keys, score_bin, n, rate, auc,
  d, h, expected_positive (P) and expected_negative (N).
-#}
{% macro estimated_auc_terms(source, keys) %}
  {%- set key_list = keys | join(', ') -%}
  {%- set double = retrain_gate.type_double() -%}
  {%- set ordered = 'partition by ' ~ key_list ~ ' order by score_bin' -%}
  select
    {{ key_list }},
    score_bin,
    n,
    rate,
    auc,
    (v10 - auc) / nullif(expected_positive, 0) - (v01 - auc) / nullif(expected_negative, 0) as d,
    rate * (v10 - auc) / nullif(expected_positive, 0) + (1 - rate) * (v01 - auc) / nullif(expected_negative, 0) as h,
    expected_positive,
    expected_negative
  from (
    select
      *,
      sum(positives * v10) over (partition by {{ key_list }}) / nullif(expected_positive, 0) as auc
    from (
      select
        *,
        (negatives_below + 0.5 * negatives) / nullif(expected_negative, 0) as v10,
        (positives_above + 0.5 * positives) / nullif(expected_positive, 0) as v01
      from (
        select
          {{ key_list }},
          score_bin,
          cast(n as {{ double }}) as n,
          cast(rate as {{ double }}) as rate,
          cast(n * rate as {{ double }}) as positives,
          cast(n * (1 - rate) as {{ double }}) as negatives,
          cast(sum(n * rate) over ({{ ordered }} desc rows between unbounded preceding and current row) - n * rate as {{ double }})
            as positives_above,
          cast(sum(n * (1 - rate)) over ({{ ordered }} rows between unbounded preceding and current row) - n * (1 - rate) as {{ double }})
            as negatives_below,
          cast(sum(n * rate) over (partition by {{ key_list }}) as {{ double }}) as expected_positive,
          cast(sum(n * (1 - rate)) over (partition by {{ key_list }}) as {{ double }}) as expected_negative
        from {{ source }}
      ) as counted
    ) as placed
  ) as summed
{%- endmacro %}
