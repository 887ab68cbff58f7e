{#-
  Counts the rows of `source` per group x numeric feature x reference bin (bins as documented in
  int_retrain_gate__reference_bins). Returns (group columns..., feature, bin_index, n).

  features: list of {name, slot, bins}, bins being the feature's reference_bin_catalog entry
  (or fixed_bins, as in the dbt unit tests). The portable version inlines the cut points
  u_0 < ... < u_m (reference_cut_literals), so each row is binned by comparisons alone; DuckDB
  and Postgres read a model's cuts from the bins table in one scalar subquery per feature
  (reference_cut_rows), so their statement does not grow with the bins. Fixed cuts they inline.
-#}
{% macro numeric_bin_counts(source, group_columns, features) %}
  {{ return(adapter.dispatch('numeric_bin_counts', 'retrain_gate')(source, group_columns, features)) }}
{% endmacro %}


{#- Portable: every feature binned in one pass over `source` (bin_index_expression), then counted. -#}
{% macro default__numeric_bin_counts(source, group_columns, features) %}
  {%- set groups = group_columns | join(', ') -%}
  with binned as (
    select
      {{ groups }}
      {%- for feature in features %},
      {{ retrain_gate.bin_index_expression(feature.slot, feature.bins) }} as bin_{{ loop.index }}
      {%- endfor %}
    from {{ source }}
  )

  select {{ groups }}, feature, bin_index, count(*) as n
  from (
    {%- for feature in features %}
    select {{ groups }}, '{{ feature.name }}' as feature, bin_{{ loop.index }} as bin_index
    from binned
    where bin_{{ loop.index }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
  ) as long_bins
  group by {{ groups }}, feature, bin_index
{%- endmacro %}


{#-
  DuckDB: its histogram(value, boundaries) aggregate bins by binary search inside one scan of
  the wide rows, several times faster than per-row CASE. The boundaries are a scalar subquery
  of the frozen bins (reference_cut_rows), evaluated once: the statement does not grow with the
  number of bins. Bucket p (p = 1..m + 1, in boundary order) holds u_(p-2) < v <= u_(p-1),
  which is bin p, except that bucket 1 also holds the rows below u_0, counted apart for bin 0;
  the overflow bucket (v > u_m), when present, is the last, p = m + 2, bin m + 2.
-#}
{% macro duckdb__numeric_bin_counts(source, group_columns, features) %}
  {%- set groups = group_columns | join(', ') -%}
  with histograms as (
    select
      {{ groups }}
      {%- for feature in features %},
      histogram(
        {{ feature.slot }},
        {% if 'cuts' in feature.bins -%}
        [{{ feature.bins.cuts | join(', ') }}]
        {%- else -%}
        (select list(cuts.cut order by cuts.cut) from {{ retrain_gate.reference_cut_rows(feature.bins) }} as cuts)
        {%- endif %}
      ) as histogram_{{ loop.index }},
      count(case when {{ feature.slot }} < {{ feature.bins.first_cut }} then 1 end) as below_{{ loop.index }}
      {%- endfor %}
    from {{ source }}
    group by {{ groups }}
  ),

  buckets as (
    {%- for feature in features %}
    select
      {{ groups }},
      '{{ feature.name }}' as feature,
      below_{{ loop.index }} as below,
      unnest(map_values(histogram_{{ loop.index }})) as n,
      generate_subscripts(map_values(histogram_{{ loop.index }}), 1) as bin_index
    from histograms
    {{ 'union all' if not loop.last }}
    {%- endfor %}
  )

  select {{ groups }}, feature, bin_index, sum(n) as n
  from (
    select {{ groups }}, feature, bin_index, case when bin_index = 1 then n - below else n end as n
    from buckets
    union all
    select {{ groups }}, feature, 0 as bin_index, below as n
    from buckets
    where bin_index = 1
  ) as bins
  group by {{ groups }}, feature, bin_index
  having sum(n) > 0
{%- endmacro %}


{#-
  The reference bin of `value` (bins: a reference_bin_catalog entry, or fixed_bins): 0 below
  u_0, m + 2 above u_m, else 1 + the number of cuts strictly below the value; null for null.
  Portable: a binary search over the cut literals as nested CASE, about log2(m) comparisons.
-#}
{% macro bin_index_expression(value, bins) %}
  {{ return(adapter.dispatch('bin_index_expression', 'retrain_gate')(value, bins)) }}
{% endmacro %}

{% macro default__bin_index_expression(value, bins) %}
  {%- set cuts = retrain_gate.reference_cut_literals(bins) -%}
  {%- set last = cuts | length - 1 -%}
  case
    -- every comparison below is unknown for a null, which would fall through to the search
    when {{ value }} is null then null
    when {{ value }} < {{ cuts[0] }} then 0
    when {{ value }} > {{ cuts[last] }} then {{ last + 2 }}
    else 1 + {{ retrain_gate.count_cuts_below(value, cuts, 0, last) }}
  end
{%- endmacro %}


{#-
  Postgres: width_bucket(x, thresholds) binary-searches in C and counts the thresholds <= x;
  on negated values over the negated, descending cuts that is the number of cuts >= v, so the
  cuts below v are (m + 1) minus it. A model's thresholds are a scalar subquery of its frozen
  bins (an InitPlan, run once): the statement does not grow with the number of bins.
-#}
{% macro postgres__bin_index_expression(value, bins) %}
  case
    when {{ value }} < {{ bins.first_cut }} then 0
    when {{ value }} > {{ bins.last_cut }} then {{ bins.cut_count + 1 }}
    else {{ bins.cut_count + 1 }} - width_bucket(
      -{{ value }},
      {% if 'cuts' in bins -%}
      array[{% for cut in bins.cuts | reverse %}-{{ cut }}{{ ', ' if not loop.last }}{% endfor %}]
      {%- else -%}
      (select array_agg(-cuts.cut order by cuts.cut desc) from {{ retrain_gate.reference_cut_rows(bins) }} as cuts)
      {%- endif %}
    )
  end
{%- endmacro %}


{#-
  The cut points u_0 < ... < u_m of one feature's frozen bins (a reference_bin_catalog entry),
  one row each (column `cut`), as a derived table: the distinct upper bounds of
  int_retrain_gate__reference_bins, the values reference_cut_literals reads as literals.
-#}
{% macro reference_cut_rows(bins) %}
  (
    select distinct upper_bound as cut
    from {{ ref('int_retrain_gate__reference_bins') }}
    where model_id = '{{ bins.model_id }}' and feature = '{{ bins.feature }}' and upper_bound is not null
  )
{%- endmacro %}
