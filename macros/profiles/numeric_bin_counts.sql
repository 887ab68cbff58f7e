{#-
  Counts the rows of `source` per group x numeric feature x reference bin (bins as documented in
  int_retrain_gate__reference_bins). Returns (group columns..., feature, bin_index, n).

  features: list of {name, slot, cuts}, cuts being the feature's reference cut points
  u_0 < ... < u_m as SQL literals, inlined so each row is binned by comparisons alone.
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
      {{ retrain_gate.bin_index_expression(feature.slot, feature.cuts) }} as bin_{{ loop.index }}
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
  the wide rows, several times faster than per-row CASE. Bucket p (p = 0..m) holds
  u_(p-1) < v <= u_p, which is bin p + 1, except that bucket 0 also holds the rows below u_0,
  counted apart for bin 0; the overflow key (v > u_m) is bin m + 2.
-#}
{% macro duckdb__numeric_bin_counts(source, group_columns, features) %}
  {%- set groups = group_columns | join(', ') -%}
  with histograms as (
    select
      {{ groups }}
      {%- for feature in features %},
      histogram({{ feature.slot }}, [{{ feature.cuts | join(', ') }}]) as histogram_{{ loop.index }},
      count(case when {{ feature.slot }} < {{ feature.cuts[0] }} then 1 end) as below_{{ loop.index }}
      {%- endfor %}
    from {{ source }}
    group by {{ groups }}
  ),

  buckets as (
    {%- for feature in features %}
    {%- set last_cut = feature.cuts | length - 1 %}
    select
      {{ groups }},
      '{{ feature.name }}' as feature,
      list_position([{{ feature.cuts | join(', ') }}], bucket.key) - 1 as position,
      bucket.value as n,
      below_{{ loop.index }} as below,
      {{ last_cut + 2 }} as above_bin
    from (
      select {{ groups }}, below_{{ loop.index }}, unnest(map_entries(histogram_{{ loop.index }})) as bucket
      from histograms
    ) as entries
    {{ 'union all' if not loop.last }}
    {%- endfor %}
  )

  select {{ groups }}, feature, bin_index, sum(n) as n
  from (
    select
      {{ groups }},
      feature,
      coalesce(position + 1, above_bin) as bin_index,
      case when position = 0 then n - below else n end as n
    from buckets
    union all
    select {{ groups }}, feature, 0 as bin_index, below as n
    from buckets
    where position = 0
  ) as bins
  group by {{ groups }}, feature, bin_index
  having sum(n) > 0
{%- endmacro %}


{#-
  The reference bin of `value`: 0 below u_0, m + 2 above u_m, else 1 + the number of cuts
  strictly below the value; null for null. Portable: a binary search as nested CASE, about
  log2(m) comparisons.
-#}
{% macro bin_index_expression(value, cuts) %}
  {{ return(adapter.dispatch('bin_index_expression', 'retrain_gate')(value, cuts)) }}
{% endmacro %}

{% macro default__bin_index_expression(value, cuts) %}
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
  on negated values over the negated, reversed cuts that is the number of cuts >= v, so the
  cuts below v are (m + 1) minus it.
-#}
{% macro postgres__bin_index_expression(value, cuts) %}
  {%- set last = cuts | length - 1 -%}
  {%- set negated = [] -%}
  {%- for cut in cuts | reverse -%}{%- do negated.append('-' ~ cut) -%}{%- endfor -%}
  case
    when {{ value }} < {{ cuts[0] }} then 0
    when {{ value }} > {{ cuts[last] }} then {{ last + 2 }}
    else {{ last + 2 }} - width_bucket(-{{ value }}, array[{{ negated | join(', ') }}])
  end
{%- endmacro %}


{#-
  How many cuts are strictly below `value`, given that cuts[:lo] are and cuts[hi:] are not:
  binary search over cuts[lo:hi] as nested CASE.
-#}
{% macro count_cuts_below(value, cuts, lo, hi) %}
  {%- if lo >= hi -%}
    {{ lo }}
  {%- else -%}
    {%- set mid = (lo + hi) // 2 -%}
    (case when {{ value }} <= {{ cuts[mid] }} then {{ retrain_gate.count_cuts_below(value, cuts, lo, mid) }} else {{ retrain_gate.count_cuts_below(value, cuts, mid + 1, hi) }} end)
  {%- endif -%}
{% endmacro %}
