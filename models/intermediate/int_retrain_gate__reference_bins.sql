{#-
  The bins every histogram and drift statistic is counted over, one row per model x feature x
  bin, derived from the frozen reference cuts and categories.

  Numeric, with cuts u_0 < ... < u_m (u_0 the reference minimum, u_m its maximum):
    bin 0              v < u_0                   out of range, below
    bin 1              v = u_0                   the reference minimum itself
    bin j, 2..m + 1    u_(j-2) < v <= u_(j-1)
    bin m + 2          v > u_m                   out of range, above
  so bin(v) = 1 + (number of cuts below v) inside the range, and every cut is a point where
  both empirical CDFs are known exactly (discrete features lose nothing).
  drift_bin merges them for PSI and JS: bin j in 1..m + 1 goes to
  max(1, ceil(level * drift_bins / histogram_bins)), level being the highest quantile level
  of its upper cut; the out-of-range bins stay apart (0 and drift_bins + 1).

  Categorical: bins 1..k the top k reference categories, k + 1 "other" (the rest of the
  reference categories), k + 2 "unseen" (never in the reference); drift_bin = bin_index.
-#}
{{ config(materialized='table', post_hook="{{ retrain_gate.refresh_planner_statistics() }}") }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set double = retrain_gate.type_double() -%}
{%- set text = dbt.type_string() -%}
with settings as (
    {%- for m in cfg.models %}
    select
        '{{ m.model_id }}' as model_id,
        {{ m.drift_bins }} as drift_bins
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

cuts as (
    select
        cuts.*,
        settings.drift_bins,
        max(cuts.cut_index) over (partition by cuts.model_id, cuts.feature) as last_cut,
        lag(cuts.cut_value) over (partition by cuts.model_id, cuts.feature order by cuts.cut_index) as previous_cut
    from {{ ref('int_retrain_gate__reference_cuts') }} as cuts
    inner join settings on cuts.model_id = settings.model_id
),

numeric_bins as (
    -- below the reference range
    select
        model_id,
        feature,
        0 as bin_index,
        cast(null as {{ double }}) as lower_bound,
        cut_value as upper_bound,
        0 as drift_bin,
        bins_fingerprint,
        computed_at
    from cuts
    where cut_index = 0

    union all

    -- inside the range: bin j + 1 ends at cut j (the first is the single point u_0)
    select
        model_id,
        feature,
        cut_index + 1 as bin_index,
        coalesce(previous_cut, cut_value) as lower_bound,
        cut_value as upper_bound,
        greatest(1, floor((quantile_level * drift_bins + histogram_bins - 1) / histogram_bins)) as drift_bin,
        bins_fingerprint,
        computed_at
    from cuts

    union all

    -- above the reference range
    select
        model_id,
        feature,
        last_cut + 2 as bin_index,
        cut_value as lower_bound,
        cast(null as {{ double }}) as upper_bound,
        drift_bins + 1 as drift_bin,
        bins_fingerprint,
        computed_at
    from cuts
    where cut_index = last_cut
),

categories as (
    select
        model_id,
        feature,
        bin_index,
        max(n_top_categories) as n_top_categories,
        max(category) as category,
        max(bins_fingerprint) as bins_fingerprint,
        max(computed_at) as computed_at
    from {{ ref('int_retrain_gate__reference_categories') }}
    group by model_id, feature, bin_index
),

-- one row per top category, then "other" and "unseen" (both exist even when empty)
categorical_bins as (
    select
        model_id,
        feature,
        bin_index,
        category as bin_label,
        bins_fingerprint,
        computed_at
    from categories
    where bin_index <= n_top_categories

    union all

    select
        model_id,
        feature,
        n_top_categories + 1 as bin_index,
        '__other__' as bin_label,
        bins_fingerprint,
        computed_at
    from categories
    where bin_index = 1

    union all

    select
        model_id,
        feature,
        n_top_categories + 2 as bin_index,
        '__unseen__' as bin_label,
        bins_fingerprint,
        computed_at
    from categories
    where bin_index = 1
)

select
    model_id,
    feature,
    cast('numeric' as {{ text }}) as feature_kind,
    cast(bin_index as {{ dbt.type_int() }}) as bin_index,
    lower_bound,
    upper_bound,
    cast(null as {{ text }}) as bin_label,
    cast(drift_bin as {{ dbt.type_int() }}) as drift_bin,
    bins_fingerprint,
    computed_at
from numeric_bins

union all

select
    model_id,
    feature,
    cast('categorical' as {{ text }}) as feature_kind,
    cast(bin_index as {{ dbt.type_int() }}) as bin_index,
    cast(null as {{ double }}) as lower_bound,
    cast(null as {{ double }}) as upper_bound,
    bin_label,
    cast(bin_index as {{ dbt.type_int() }}) as drift_bin,
    bins_fingerprint,
    computed_at
from categorical_bins
