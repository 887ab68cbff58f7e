{#-
  The calibration map: per `keys` (a model and its reference), the rate of positives the
  reference observed in each score bin, made non-decreasing in the score by weighted isotonic
  regression (pool adjacent violators), with the sampling variance of each pooled rate.
  `source` has the `keys` columns, score_bin, n_labelled and n_positive, and a row for every
  score bin the map must cover (n_labelled 0 where the reference has no labels). Emits two
  CTEs, `<name>_cumulative` and `<name>`, whose rows are, per bin:

    rate       the isotonic fit, by its min-max formula over the bins' weighted means
               A(j, k) = (sum of n_positive over bins j..k) / (sum of n_labelled over j..k):
               rate_i = max over j <= i of (min over k >= i of A(j, k)). Ranges without labels
               are skipped, so a bin without labels takes the rate of the nearest labelled
               bin above it (above the highest labelled bin: the highest's)
    block      the bins that share a rate (a pooled block), numbered from the lowest score;
               block_n_labelled, block_n_positive their sums
    rate_variance  the block's binomial variance with Jeffreys' half-count on each side,
               p (1 - p) / (W + 1), p = (K + 1/2) / (W + 1), for K positives of W labels: a
               block of all negatives (or all positives) still has an uncertainty

  The min-max formula and pool-adjacent-violators give the same fit (Robertson, Wright and
  Dykstra, Order Restricted Statistical Inference, 1988, ch. 1); it needs only joins and window
  functions: the inner minimum is a running minimum over k, so the work is one row per pair of
  bins, not per triple.
-#}
{% macro calibration_map(name, source, keys) %}
  {%- set key_list = keys | join(', ') -%}
  {%- set double = retrain_gate.type_double() -%}
  {%- set ordered = 'partition by ' ~ key_list ~ ' order by score_bin rows between unbounded preceding and current row' -%}
  {%- set joined = [] -%}
  {%- for key in keys -%}{%- do joined.append('low.' ~ key ~ ' = high.' ~ key) -%}{%- endfor -%}
{{ name }}_cumulative as (
    select
        {{ key_list }},
        score_bin,
        cast(n_labelled as {{ double }}) as n_labelled,
        cast(n_positive as {{ double }}) as n_positive,
        cast(sum(n_labelled) over ({{ ordered }}) as {{ double }}) as cumulative_labelled,
        cast(sum(n_positive) over ({{ ordered }}) as {{ double }}) as cumulative_positive
    from {{ source }}
),

{{ name }} as (
  select
    {{ key_list }},
    score_bin,
    n_labelled,
    n_positive,
    rate,
    block,
    block_n_labelled,
    block_n_positive,
    (block_n_positive + 0.5) * (block_n_labelled - block_n_positive + 0.5)
      / ((block_n_labelled + 1) * (block_n_labelled + 1) * (block_n_labelled + 1)) as rate_variance
  from (
    select
      *,
      sum(n_labelled) over (partition by {{ key_list }}, block) as block_n_labelled,
      sum(n_positive) over (partition by {{ key_list }}, block) as block_n_positive
    from (
      select
        *,
        sum(starts_block) over (partition by {{ key_list }} order by score_bin rows between unbounded preceding and current row)
          as block
      from (
        select
          *,
          case when rate = lag(rate) over (partition by {{ key_list }} order by score_bin) then 0 else 1 end as starts_block
        from (
          select
            fitted.*,
            bins.n_labelled,
            bins.n_positive
          from (
            select {{ key_list }}, high_bin as score_bin, max(running_min) as rate
            from (
              select
                {{ key_list }},
                low_bin,
                high_bin,
                min(mean_rate) over (
                  partition by {{ key_list }}, low_bin order by high_bin desc rows between unbounded preceding and current row
                ) as running_min
              from (
                select
                  {%- for key in keys %}
                  low.{{ key }},
                  {%- endfor %}
                  low.score_bin as low_bin,
                  high.score_bin as high_bin,
                  (high.cumulative_positive - low.cumulative_positive + low.n_positive)
                    / nullif(high.cumulative_labelled - low.cumulative_labelled + low.n_labelled, 0) as mean_rate
                from {{ name }}_cumulative as low
                inner join {{ name }}_cumulative as high on {{ joined | join(' and ') }} and low.score_bin <= high.score_bin
              ) as ranges
            ) as running
            group by {{ key_list }}, high_bin
          ) as fitted
          inner join {{ name }}_cumulative as bins
            on {% for key in keys %}fitted.{{ key }} = bins.{{ key }} and {% endfor %}fitted.score_bin = bins.score_bin
        ) as rated
      ) as flagged
    ) as blocked
  ) as pooled
)
{%- endmacro %}
