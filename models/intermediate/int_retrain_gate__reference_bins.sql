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
{%- set cfg = retrain_gate.get_config() -%}
with cuts as (
    select
        *,
        max(cut_index) over (partition by model_id, feature) as last_cut,
        lag(cut_value) over (partition by model_id, feature order by cut_index) as previous_cut
    from {{ ref('int_retrain_gate__reference_cuts') }}
),

settings as (
    {%- for m in cfg.models %}
    select '{{ m.model_id }}' as model_id, {{ m.drift_bins }} as drift_bins{{ ' union all' if not loop.last }}
    {%- endfor %}
),

numeric_bins as (
    -- below the reference range
    select
        model_id, feature, 0 as bin_index,
        cast(null as {{ retrain_gate.type_double() }}) as lower_bound, cut_value as upper_bound,
        0 as quantile_level
    from cuts
    where cut_index = 0

    union all

    -- inside the range: bin j + 1 ends at cut j (the first is the single point u_0)
    select
        model_id, feature, cut_index + 1 as bin_index,
        coalesce(previous_cut, cut_value) as lower_bound, cut_value as upper_bound,
        quantile_level
    from cuts

    union all

    -- above the reference range
    select
        model_id, feature, last_cut + 2 as bin_index,
        cut_value as lower_bound, cast(null as {{ retrain_gate.type_double() }}) as upper_bound,
        histogram_bins as quantile_level
    from cuts
    where cut_index = last_cut
),

categories as (
    select
        model_id,
        feature,
        bin_index,
        max(n_top_categories) as n_top_categories,
        case when bin_index > max(n_top_categories) then '__other__' else max(category) end as bin_label,
        sum(reference_rows) as reference_rows
    from {{ ref('int_retrain_gate__reference_categories') }}
    group by model_id, feature, bin_index
),

categorical_bins as (
    select model_id, feature, bin_index, bin_label
    from categories

    union all

    -- "other" exists even when every reference category made the top k
    select model_id, feature, n_top_categories + 1 as bin_index, '__other__' as bin_label
    from categories
    where bin_index = n_top_categories
        and not exists (
            select 1 from categories as other
            where other.model_id = categories.model_id and other.feature = categories.feature
                and other.bin_index = categories.n_top_categories + 1
        )

    union all

    select model_id, feature, n_top_categories + 2 as bin_index, '__unseen__' as bin_label
    from categories
    where bin_index = n_top_categories
),

fingerprints as (
    select distinct model_id, feature, bins_fingerprint, computed_at, 'numeric' as feature_kind
    from {{ ref('int_retrain_gate__reference_cuts') }}
    union all
    select distinct model_id, feature, bins_fingerprint, computed_at, 'categorical' as feature_kind
    from {{ ref('int_retrain_gate__reference_categories') }}
)

select
    bins.model_id,
    bins.feature,
    fingerprints.feature_kind,
    cast(bins.bin_index as {{ dbt.type_int() }}) as bin_index,
    bins.lower_bound,
    bins.upper_bound,
    bins.bin_label,
    cast(case
        when fingerprints.feature_kind = 'categorical' then bins.bin_index
        when bins.bin_index = 0 then 0
        when bins.upper_bound is null then settings.drift_bins + 1
        else greatest(1, floor((bins.quantile_level * settings.drift_bins + histogram_bins.histogram_bins - 1) / histogram_bins.histogram_bins))
    end as {{ dbt.type_int() }}) as drift_bin,
    fingerprints.bins_fingerprint,
    fingerprints.computed_at
from (
    select model_id, feature, bin_index, lower_bound, upper_bound, quantile_level,
        cast(null as {{ dbt.type_string() }}) as bin_label
    from numeric_bins
    union all
    select model_id, feature, bin_index,
        cast(null as {{ retrain_gate.type_double() }}), cast(null as {{ retrain_gate.type_double() }}),
        cast(null as {{ dbt.type_int() }}), bin_label
    from categorical_bins
) as bins
inner join fingerprints
    on bins.model_id = fingerprints.model_id and bins.feature = fingerprints.feature
inner join settings
    on bins.model_id = settings.model_id
left join (select distinct model_id, feature, histogram_bins from cuts) as histogram_bins
    on bins.model_id = histogram_bins.model_id and bins.feature = histogram_bins.feature
