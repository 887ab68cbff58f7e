{#-
  Integrity checks: whether a feature or the source itself broke, judged on each evaluation date
  (a break is sudden) against the reference. Each judges the evaluation day, or, where the day
  holds fewer than min_day_rows rows (compared observations for stale_entities), the fewest
  trailing days ending on it that hold them, up to window_days (macro pooled_days): a model of
  150 predictions a day is judged on 2-day pools, a high-volume one on its day alone. The pool
  is window_start .. window_end (= eval_date), named in the evidence when longer than a day.
  Per model x evaluation date x segment x subject x check: value, baseline, z_score, sample
  sizes and the evidence a person reads. Statuses come from the thresholds in
  retrain_gate_signals.

    null_spike          value: the pool's null rate; baseline: the reference's; z_score: the
                        two-proportion z of the difference (pooled)
    scale_shift         value: the pool's standard deviation / the reference's (a factor);
                        z_score: |ln| of it over its sd given the reference's kurtosis
                        (macro sd_ratio_z); the evidence names a unit-like change (x10, x100,
                        /1000, x60 ...) when the means moved by the same factor
    frozen_values       value: the same ratio; a feature that stopped varying goes to 0
    unseen_categories   value: the pool's share of values in categories the reference never saw
    stale_entities      value: the pool's share of observations equal to the entity's previous
                        one; baseline: the reference's share; z_score: two-proportion z
    identical_histogram value: how many days in a row (up to 31) the day's histogram and moments
                        repeated the previous day's exactly; baseline: how many reference days
                        did (then the check does not apply). Not pooled: its sample is the days
                        compared, the day and those it repeats (at least the day before)
    source_freshness    value: days from the newest row (or, per feature with updated_at, the
                        newest update) to the evaluation date

  Incremental like int_retrain_gate__feature_drift: an evaluation date is recomputed when it is
  new or a profile day it covers was rewritten since the last run (every date from the first
  rewritten day on, so every pool that holds it).
-#}
-- depends_on: {{ ref('int_retrain_gate__daily_feature_profile') }}
-- depends_on: {{ ref('int_retrain_gate__daily_feature_histogram') }}
-- depends_on: {{ ref('int_retrain_gate__daily_entity_staleness') }}
-- depends_on: {{ ref('int_retrain_gate__daily_new_categories') }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'eval_date'], 'integrity_plan', hooks=[retrain_gate.prefer_hash_joins()])) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set fingerprints = retrain_gate.integrity_fingerprints() -%}
{%- set plan = retrain_gate.integrity_plan() -%}
{%- set spans = retrain_gate.eval_calendar(plan) -%}
{%- set minimums = {} -%}
{%- for span in spans -%}{%- do minimums.update({span.m.model_id: [(span.m.min_day_rows, 'min_day_rows')]}) -%}{%- endfor -%}
{%- set pool_keys = ['segment_name', 'segment_value', 'feature'] -%}
{%- set text = dbt.type_string() -%}
{%- set double = retrain_gate.type_double() -%}
{%- if spans | length == 0 %}
{{ retrain_gate.empty_relation(retrain_gate.check_row_columns()) }}
{%- else %}
with {{ retrain_gate.evaluation_frames(spans, fingerprints, extra=minimums) }},

profiles as (
    select profiles.*
    from {{ ref('int_retrain_gate__daily_feature_profile') }} as profiles
    inner join settings on profiles.model_id = settings.model_id
),

reference_profiles as (
    {{ retrain_gate.combine_moments(
        '(' ~ retrain_gate.reference_rows('profiles',
            ['segment_name', 'segment_value', 'feature', 'n_rows', 'n_values', 'min_value', 'max_value', 'mean_value', 'm2', 'm3', 'm4'])
        ~ ')',
        ['model_id', 'reference_start', 'reference_end', 'segment_name', 'segment_value', 'feature']) }}
),

-- the days each evaluation date pools (pooled_days), decided by the day's rows; the pools'
-- rows, nulls and moments
pools as (
    {{ retrain_gate.pooled_days('profiles', pool_keys, 'n_rows') }}
),

pooled_profile_days as (
    select
        pools.model_id,
        pools.eval_date,
        pools.window_start,
        pools.segment_name,
        pools.segment_value,
        pools.feature,
        profiles.n_rows,
        profiles.n_values,
        profiles.min_value,
        profiles.max_value,
        profiles.mean_value,
        profiles.m2,
        profiles.m3,
        profiles.m4
    {{ retrain_gate.pooled_rows('pools', 'profiles', pool_keys) }}
),

pooled_profiles as (
    {{ retrain_gate.combine_moments('pooled_profile_days',
        ['model_id', 'eval_date', 'window_start', 'segment_name', 'segment_value', 'feature']) }}
),

-- the evaluation date's pooled days against its reference, per segment and feature
pools_vs_reference as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        today.window_start,
        eval_dates.reference_start,
        eval_dates.reference_end,
        today.segment_name,
        today.segment_value,
        today.feature,
        today.n_rows,
        today.n_values,
        today.mean_value,
        today.min_value,
        today.max_value,
        reference.n_rows as reference_rows,
        reference.n_values as reference_values,
        reference.mean_value as reference_mean,
        today.n_rows - today.n_values as n_nulls,
        reference.n_rows - reference.n_values as reference_nulls,
        sqrt(today.m2 / nullif(today.n_values - 1, 0)) as std_value,
        sqrt(reference.m2 / nullif(reference.n_values - 1, 0)) as reference_std,
        reference.n_values * reference.m4 / nullif(reference.m2 * reference.m2, 0) as reference_kurtosis
    {{ retrain_gate.pooled_days_beside_reference('pooled_profiles', 'reference_profiles') }}
),

null_spike as (
    select
        model_id,
        eval_date,
        window_start,
        reference_start,
        reference_end,
        segment_name,
        segment_value,
        feature as subject,
        cast(n_nulls as {{ double }}) / nullif(n_rows, 0) as value,
        cast(reference_nulls as {{ double }}) / nullif(reference_rows, 0) as baseline,
        {{ retrain_gate.two_proportion_z('n_nulls', 'n_rows', 'reference_nulls', 'reference_rows') }} as z_score,
        n_rows as n_window,
        reference_rows as n_reference
    from pools_vs_reference
),

-- the pooled days' spread against the reference's, for scale_shift and frozen_values
spreads as (
    select
        *,
        std_value / nullif(reference_std, 0) as scale_factor,
        mean_value / nullif(reference_mean, 0) as location_factor,
        {{ retrain_gate.sd_ratio_z('std_value', 'n_values', 'reference_std', 'reference_values', 'reference_kurtosis') }} as scale_z
    from pools_vs_reference
    where reference_mean is not null
),

-- the pooled days' share of values in the "unseen" bin of a categorical feature
unseen as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        pools.window_start,
        eval_dates.reference_start,
        eval_dates.reference_end,
        pools.segment_name,
        pools.segment_value,
        pools.feature,
        sum(histogram.n) as n_values,
        sum(case when bins.bin_label = '__unseen__' then histogram.n else 0 end) as n_unseen
    from eval_dates
    inner join pools
        on eval_dates.model_id = pools.model_id and eval_dates.eval_date = pools.eval_date
    inner join {{ ref('int_retrain_gate__daily_feature_histogram') }} as histogram
        on
            pools.model_id = histogram.model_id
            and pools.profile_date = histogram.profile_date
            and pools.segment_name = histogram.segment_name
            and pools.segment_value = histogram.segment_value
            and pools.feature = histogram.feature
    inner join {{ ref('int_retrain_gate__reference_bins') }} as bins
        on
            histogram.model_id = bins.model_id
            and histogram.feature = bins.feature
            and histogram.bin_index = bins.bin_index
    where bins.feature_kind = 'categorical'
    group by
        eval_dates.model_id,
        eval_dates.eval_date,
        pools.window_start,
        eval_dates.reference_start,
        eval_dates.reference_end,
        pools.segment_name,
        pools.segment_value,
        pools.feature
),

staleness as (
    select staleness.*
    from {{ ref('int_retrain_gate__daily_entity_staleness') }} as staleness
    inner join settings on staleness.model_id = settings.model_id
),

reference_staleness as (
    select
        model_id,
        reference_start,
        reference_end,
        segment_name,
        segment_value,
        feature,
        sum(n_compared) as n_compared,
        sum(n_unchanged) as n_unchanged
    from ({{ retrain_gate.reference_rows('staleness',
                                         ['segment_name', 'segment_value', 'feature', 'n_compared', 'n_unchanged']) }}) as parts
    group by model_id, reference_start, reference_end, segment_name, segment_value, feature
),

staleness_pools as (
    {{ retrain_gate.pooled_days('staleness', pool_keys, 'n_compared') }}
),

pooled_staleness as (
    select
        staleness_pools.model_id,
        staleness_pools.eval_date,
        staleness_pools.window_start,
        staleness_pools.segment_name,
        staleness_pools.segment_value,
        staleness_pools.feature,
        sum(staleness.n_compared) as n_compared,
        sum(staleness.n_unchanged) as n_unchanged
    {{ retrain_gate.pooled_rows('staleness_pools', 'staleness', pool_keys) }}
    group by
        staleness_pools.model_id, staleness_pools.eval_date, staleness_pools.window_start,
        staleness_pools.segment_name, staleness_pools.segment_value, staleness_pools.feature
),

stale_entities as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        today.window_start,
        eval_dates.reference_start,
        eval_dates.reference_end,
        today.segment_name,
        today.segment_value,
        today.feature as subject,
        cast(today.n_unchanged as {{ double }}) / nullif(today.n_compared, 0) as value,
        cast(reference.n_unchanged as {{ double }}) / nullif(reference.n_compared, 0) as baseline,
        {{ retrain_gate.two_proportion_z('today.n_unchanged', 'today.n_compared',
                                         'reference.n_unchanged', 'reference.n_compared') }} as z_score,
        today.n_compared as n_window,
        reference.n_compared as n_reference
    {{ retrain_gate.pooled_days_beside_reference('pooled_staleness', 'reference_staleness') }}
),

-- identical_histogram: whether each day's histogram (shares) and moments repeat the day
-- before exactly, for the whole population, from 31 days before the first date recomputed.
-- Not pooled: its sample is the days it compared, the day and those it repeats (at least the
-- day before), window_start .. eval_date
repeat_range as (
    select
        model_id,
        reference_start,
        reference_end,
        {{ retrain_gate.add_days('first_eval_date', '-31 - reference_lag_days - rolling_days') }} as first_day
    from settings
),

day_totals as (
    select
        profiles.model_id,
        profiles.profile_date,
        profiles.feature,
        profiles.n_values,
        profiles.mean_value,
        profiles.variance
    from profiles
    inner join repeat_range on profiles.model_id = repeat_range.model_id
    where
        profiles.segment_name = '(all)'
        and profiles.n_values > 0
        and (
            profiles.profile_date >= repeat_range.first_day
            or profiles.profile_date between repeat_range.reference_start and repeat_range.reference_end
        )
),

day_bins as (
    select
        histogram.model_id,
        histogram.profile_date,
        histogram.feature,
        histogram.bin_index,
        histogram.n
    from {{ ref('int_retrain_gate__daily_feature_histogram') }} as histogram
    inner join day_totals
        on
            histogram.model_id = day_totals.model_id
            and histogram.profile_date = day_totals.profile_date
            and histogram.feature = day_totals.feature
    where histogram.segment_name = '(all)'
),

repeats as (
    {{ retrain_gate.repeats_previous_day('day_totals', 'day_bins') }}
),

repeat_runs as (
    select
        *,
        sum(1 - is_repeat) over (
            partition by model_id, feature order by profile_date rows between unbounded preceding and current row
        ) as run_group
    from repeats
),

repeat_streaks as (
    select
        model_id,
        profile_date,
        feature,
        n_values,
        is_repeat,
        sum(is_repeat) over (
            partition by model_id, feature, run_group order by profile_date rows between unbounded preceding and current row
        ) as days_repeated,
        sum(n_values) over (
            partition by model_id, feature, run_group order by profile_date rows between unbounded preceding and current row
        ) as run_values
    from repeat_runs
),

identical_histogram as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        eval_dates.reference_start,
        eval_dates.reference_end,
        {{ retrain_gate.add_days('eval_dates.eval_date',
            '0 - case when today.days_repeated = 0 then 1 else today.days_repeated end') }} as window_start,
        today.feature as subject,
        cast(today.days_repeated as {{ double }}) as value,
        cast(sum(reference.is_repeat) as {{ double }}) as baseline,
        today.run_values + case when today.days_repeated = 0 then coalesce(yesterday.n_values, 0) else 0 end as n_window,
        sum(reference.n_values) as n_reference
    from eval_dates
    inner join repeat_streaks as today
        on eval_dates.model_id = today.model_id and eval_dates.eval_date = today.profile_date
    left join repeat_streaks as yesterday
        on
            today.model_id = yesterday.model_id
            and today.feature = yesterday.feature
            and {{ retrain_gate.add_days('yesterday.profile_date', 1) }} = today.profile_date
    inner join repeat_streaks as reference
        on
            today.model_id = reference.model_id
            and today.feature = reference.feature
            and reference.profile_date between eval_dates.reference_start and eval_dates.reference_end
    group by
        eval_dates.model_id,
        eval_dates.eval_date,
        eval_dates.reference_start,
        eval_dates.reference_end,
        today.feature,
        today.days_repeated,
        today.run_values,
        yesterday.n_values
),

-- source_freshness: the newest day with rows (or the newest update of a feature) up to each date
data_days as (
    select
        model_id,
        profile_date,
        feature,
        max(max_updated_at) as newest_update
    from profiles
    where segment_name = '(all)' and n_rows > 0
    group by model_id, profile_date, feature
),

freshness as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        eval_dates.reference_start,
        eval_dates.reference_end,
        cast(null as {{ text }}) as subject,
        max(data_days.profile_date) as newest_day
    from eval_dates
    inner join data_days
        on eval_dates.model_id = data_days.model_id and eval_dates.eval_date >= data_days.profile_date
    group by eval_dates.model_id, eval_dates.eval_date, eval_dates.reference_start, eval_dates.reference_end

    union all

    select
        eval_dates.model_id,
        eval_dates.eval_date,
        eval_dates.reference_start,
        eval_dates.reference_end,
        data_days.feature as subject,
        cast(max(data_days.newest_update) as date) as newest_day
    from eval_dates
    inner join data_days
        on
            eval_dates.model_id = data_days.model_id
            and eval_dates.eval_date >= data_days.profile_date
            and data_days.newest_update < {{ retrain_gate.add_days('eval_dates.eval_date', 1) }}
    group by eval_dates.model_id, eval_dates.eval_date, eval_dates.reference_start, eval_dates.reference_end, data_days.feature
),

-- the two checks judged on the spreads
kinds as (
    select 'scale_shift' as check_name
    union all
    select 'frozen_values' as check_name
),

day_checks as (
    select
        model_id, eval_date, window_start, reference_start, reference_end, segment_name, segment_value, subject,
        'feature' as subject_type, 'null_spike' as check_name, value, baseline, z_score, n_window, n_reference,
        case when n_window = 0 then 'no rows on the day' end as unusable_reason,
        {{ dbt.concat(["'null rate '", retrain_gate.format_percent('value'),
                       "' vs '", retrain_gate.format_percent('baseline'), "' in the reference'"]) }} as evidence
    from null_spike

    union all

    select
        spreads.model_id, spreads.eval_date, spreads.window_start, spreads.reference_start, spreads.reference_end,
        spreads.segment_name, spreads.segment_value, spreads.feature as subject,
        'feature' as subject_type, kinds.check_name, spreads.scale_factor as value,
        cast(1 as {{ double }}) as baseline,
        case when kinds.check_name = 'scale_shift' then spreads.scale_z end as z_score,
        spreads.n_values as n_window, spreads.reference_values as n_reference,
        case
            when spreads.reference_std is null or spreads.reference_std = 0 then 'the reference does not vary'
            when spreads.std_value is null then 'fewer than two values on the day'
            when kinds.check_name = 'scale_shift' and spreads.reference_kurtosis is null
                then 'the reference profiles lack m4 (stored before retrain_gate kept it): rebuild them with dbt build --full-refresh'
        end as unusable_reason,
        case
            when kinds.check_name = 'frozen_values' and spreads.min_value = spreads.max_value
                then {{ dbt.concat(["'one value all day: '", retrain_gate.format_number('spreads.min_value', 6)]) }}
            when kinds.check_name = 'frozen_values'
                then {{ dbt.concat(["'spread '", retrain_gate.format_number('spreads.scale_factor', 4), "' of the reference spread'"]) }}
            else {{ dbt.concat([
                "'spread x'", retrain_gate.format_number('spreads.scale_factor', 3),
                "' (z '", 'coalesce(' ~ retrain_gate.format_number('spreads.scale_z', 1) ~ ", 'n/a')",
                "' at the reference kurtosis '", 'coalesce(' ~ retrain_gate.format_number('spreads.reference_kurtosis', 1) ~ ", 'n/a')",
                "') and mean x'", 'coalesce(' ~ retrain_gate.format_number('spreads.location_factor', 3) ~ ", '?')",
                "' the reference'", retrain_gate.unit_change_label('spreads.scale_factor', 'spreads.location_factor')]) }}
        end as evidence
    from spreads
    cross join kinds

    union all

    select
        unseen.model_id, unseen.eval_date, unseen.window_start, unseen.reference_start, unseen.reference_end,
        unseen.segment_name, unseen.segment_value, unseen.feature as subject,
        'feature' as subject_type, 'unseen_categories' as check_name,
        cast(unseen.n_unseen as {{ double }}) / nullif(unseen.n_values, 0) as value,
        cast(0 as {{ double }}) as baseline, cast(null as {{ double }}) as z_score,
        unseen.n_values as n_window, cast(null as {{ dbt.type_bigint() }}) as n_reference,
        cast(null as {{ text }}) as unusable_reason,
        {{ dbt.concat([retrain_gate.format_percent('cast(unseen.n_unseen as ' ~ double ~ ') / nullif(unseen.n_values, 0)'),
                       "' of values in categories the reference never saw'",
                       "coalesce(': ' || new_categories.top_new_categories, '')"]) }} as evidence
    from unseen
    left join {{ ref('int_retrain_gate__daily_new_categories') }} as new_categories
        on
            unseen.segment_name = '(all)'
            and unseen.model_id = new_categories.model_id
            and unseen.eval_date = new_categories.profile_date
            and unseen.feature = new_categories.feature

    union all

    select
        model_id, eval_date, window_start, reference_start, reference_end, segment_name, segment_value, subject,
        'feature' as subject_type, 'stale_entities' as check_name, value, baseline, z_score, n_window, n_reference,
        case when n_window = 0 then 'no entity seen before on the day' end as unusable_reason,
        {{ dbt.concat([retrain_gate.format_percent('value'), "' of observations repeat the entity''s previous value vs '",
                       retrain_gate.format_percent('baseline'), "' in the reference'"]) }} as evidence
    from stale_entities

    union all

    select
        model_id, eval_date, window_start, reference_start, reference_end, '(all)' as segment_name, '(all)' as segment_value,
        subject, 'feature' as subject_type, 'identical_histogram' as check_name, value, baseline,
        cast(null as {{ double }}) as z_score, n_window, n_reference,
        case
            when baseline > 0
                then {{ dbt.concat(["'the reference repeats itself on '", 'cast(cast(baseline as ' ~ dbt.type_int() ~ ') as ' ~ text ~ ')',
                                    "' days, so repeats prove nothing'"]) }}
        end as unusable_reason,
        {{ dbt.concat(["'the same histogram and moments as the day before, '",
                       'cast(cast(value as ' ~ dbt.type_int() ~ ') as ' ~ text ~ ')', "' days in a row'"]) }} as evidence
    from identical_histogram

    union all

    select
        freshness.model_id, freshness.eval_date, freshness.eval_date as window_start, freshness.reference_start,
        freshness.reference_end,
        '(all)' as segment_name, '(all)' as segment_value, coalesce(freshness.subject, freshness.model_id) as subject,
        case when freshness.subject is null then 'model' else 'feature' end as subject_type,
        'source_freshness' as check_name,
        cast(
            {{ retrain_gate.days_between('freshness.newest_day', 'freshness.eval_date') }}
            as {{ double }}
        ) as value,
        cast(null as {{ double }}) as baseline, cast(null as {{ double }}) as z_score,
        cast(null as {{ dbt.type_bigint() }}) as n_window, cast(null as {{ dbt.type_bigint() }}) as n_reference,
        cast(null as {{ text }}) as unusable_reason,
        {{ dbt.concat(["case when freshness.subject is null then 'newest row on ' else 'newest update on ' end",
                       'cast(freshness.newest_day as ' ~ text ~ ')']) }} as evidence
    from freshness
),

-- every check's window ends on the evaluation date; a pooled one says so in its evidence
checks as (
    select
        model_id, eval_date, check_name, subject, subject_type, segment_name, segment_value, value, baseline,
        z_score, n_window, n_reference, window_start, eval_date as window_end, reference_start, reference_end,
        unusable_reason,
        case
            when check_name in ('identical_histogram', 'source_freshness') then evidence
            else {{ dbt.concat(['evidence', retrain_gate.pooled_span_label('window_start', 'eval_date')]) }}
        end as evidence
    from day_checks
)

{{ retrain_gate.check_rows() }}
{%- endif %}
