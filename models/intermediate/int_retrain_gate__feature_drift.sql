{#-
  Feature drift: per model x evaluation date x segment x feature, the window's distribution of
  non-null values against the reference's (psi, js_distance, ks, linf: see drift_statistics),
  computed from sums of daily histograms only: span 'window'. Span 'day' is the evaluation day
  alone against the same reference (whole population only), so a change is followed day by
  day: a two-day campaign breaches on two days, however long it stays in the window. A day
  with fewer than min_day_rows values pools the trailing days until they hold them (up to
  window_days, macro pooled_days); window_start says which.

  Incremental: an evaluation date is recomputed when it is new, or when a histogram day its
  window or reference covers was rewritten since the last run; a model whose bins or drift
  settings changed is recomputed in full.
-#}
-- depends_on: {{ ref('int_retrain_gate__daily_feature_histogram') }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'eval_date'], 'int_retrain_gate__feature_drift')) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__feature_drift') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__feature_drift') -%}
{%- set spans = retrain_gate.eval_calendar(plan) -%}
{%- set string_type = dbt.type_string() -%}
{%- set double_type = retrain_gate.type_double() -%}
{%- if spans | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', string_type), ('eval_date', 'date'), ('span', string_type), ('window_start', 'date'), ('window_end', 'date'),
    ('reference_start', 'date'), ('reference_end', 'date'), ('segment_name', string_type), ('segment_value', string_type),
    ('feature', string_type), ('feature_kind', string_type), ('statistic', string_type), ('value', double_type),
    ('upper_bound', double_type), ('n_window', dbt.type_bigint()), ('n_reference', dbt.type_bigint()),
    ('fingerprint', string_type), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
{%- set pool_keys = ['segment_name', 'segment_value', 'feature'] %}
{%- set reach = [1] %}
{%- for span in spans %}
{%- do reach.append(span.m.window_days) %}
{%- do reach.append(span.m.reference.rolling_days or 1) %}
{%- endfor %}
with settings as (
    {%- for span in spans %}
    {%- set r = span.m.reference %}
    select
        '{{ span.m.model_id }}' as model_id,
        {{ retrain_gate.date_literal(span.start) }} as first_eval_date,
        {{ span.m.window_days }} as window_days,
        {{ span.m.min_day_rows }} as min_day_rows,
        cast('{{ r.kind }}' as {{ string_type }}) as reference_kind,
        {{ retrain_gate.date_literal(r.start) if r.kind == 'fixed' else 'cast(null as date)' }} as reference_start,
        {{ retrain_gate.date_literal(r.end) if r.kind == 'fixed' else 'cast(null as date)' }} as reference_end,
        {{ r.rolling_days or 0 }} as rolling_days,
        {{ span.m.window_days + (r.gap_days or 0) }} as reference_lag_days,
        cast({{ span.m.psi_epsilon }} as {{ double_type }}) as psi_epsilon,
        cast('{{ fingerprints[span.m.model_id] }}' as {{ string_type }}) as fingerprint
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

eval_dates as (
    {{ retrain_gate.eval_calendar_sql(spans) }}
),

-- only the days that the recomputed windows and references cover
histogram as (
    select
        histogram.model_id,
        histogram.profile_date,
        histogram.segment_name,
        histogram.segment_value,
        histogram.feature,
        histogram.bin_index,
        histogram.n
    from {{ ref('int_retrain_gate__daily_feature_histogram') }} as histogram
    inner join settings on histogram.model_id = settings.model_id
    where
        histogram.profile_date between settings.reference_start and settings.reference_end
        or histogram.profile_date >= {{ retrain_gate.add_days(
            'settings.first_eval_date', '0 - settings.reference_lag_days - settings.rolling_days') }}
),

day_offsets as (
    {{ retrain_gate.whole_numbers(reach | max) }}
),

-- A histogram day d counts in the windows of evaluation dates d .. d + window_days - 1, and in
-- the rolling references of d + lag .. d + lag + rolling_days - 1 (lag = window_days +
-- gap_days): each day is pushed forward by those shifts, a join with a handful of rows that
-- every engine plans well.
shifts as (
    select
        settings.model_id,
        settings.first_eval_date,
        'window' as side,
        day_offsets.n as shift_days
    from settings
    inner join day_offsets on settings.window_days > day_offsets.n

    union all

    select
        settings.model_id,
        settings.first_eval_date,
        'reference' as side,
        settings.reference_lag_days + day_offsets.n as shift_days
    from settings
    inner join day_offsets on settings.rolling_days > day_offsets.n
    where settings.reference_kind = 'rolling'
),

pushed as (
    select
        histogram.model_id,
        shifts.first_eval_date,
        {{ retrain_gate.add_days('histogram.profile_date', 'shifts.shift_days') }} as eval_date,
        histogram.segment_name,
        histogram.segment_value,
        histogram.feature,
        histogram.bin_index,
        case when shifts.side = 'window' then histogram.n else 0 end as n_window_bin,
        case when shifts.side = 'reference' then histogram.n else 0 end as n_reference_bin
    from histogram
    inner join shifts on histogram.model_id = shifts.model_id
    -- a day that no shift brings to a recomputed evaluation date is dropped before the join:
    -- a fixed reference's days would otherwise be pushed too, to fall out after it
    where histogram.profile_date >= (
        select min({{ retrain_gate.add_days('earliest.first_eval_date', '0 - earliest.shift_days') }})
        from shifts as earliest
    )
),

-- a fixed reference is one range, the same for every evaluation date
fixed_reference_counts as (
    select
        histogram.model_id,
        histogram.segment_name,
        histogram.segment_value,
        histogram.feature,
        histogram.bin_index,
        sum(histogram.n) as n
    from histogram
    inner join settings on histogram.model_id = settings.model_id
    where
        settings.reference_kind = 'fixed'
        and histogram.profile_date between settings.reference_start and settings.reference_end
    group by histogram.model_id, histogram.segment_name, histogram.segment_value, histogram.feature, histogram.bin_index
),

-- span 'day': the days each evaluation date pools (pooled_days), whole population
day_histogram as (
    select * from histogram
    where segment_name = '(all)'
),

day_pools as (
    {{ retrain_gate.pooled_days('day_histogram', pool_keys, 'n') }}
),

-- the span each day-level statistic pooled
day_spans as (
    select distinct
        model_id,
        eval_date,
        feature,
        window_start
    from day_pools
),

-- window and reference counts side by side, per comparison (evaluation date x segment x
-- feature) and bin; a bin empty on both sides has no row: it adds nothing to any statistic
counts as (
    select
        model_id,
        eval_date,
        segment_name,
        segment_value,
        feature,
        bin_index,
        sum(n_window_bin) as n_window_bin,
        0 as n_day_bin,
        sum(n_reference_bin) as n_reference_bin
    from pushed
    where eval_date between first_eval_date and {{ retrain_gate.date_literal(cfg.as_of) }}
    group by model_id, eval_date, segment_name, segment_value, feature, bin_index

    union all

    select
        eval_dates.model_id,
        eval_dates.eval_date,
        fixed_reference_counts.segment_name,
        fixed_reference_counts.segment_value,
        fixed_reference_counts.feature,
        fixed_reference_counts.bin_index,
        0 as n_window_bin,
        0 as n_day_bin,
        fixed_reference_counts.n as n_reference_bin
    from eval_dates
    inner join fixed_reference_counts on eval_dates.model_id = fixed_reference_counts.model_id

    union all

    select
        day_pools.model_id,
        day_pools.eval_date,
        day_histogram.segment_name,
        day_histogram.segment_value,
        day_histogram.feature,
        day_histogram.bin_index,
        0 as n_window_bin,
        day_histogram.n as n_day_bin,
        0 as n_reference_bin
    {{ retrain_gate.pooled_rows('day_pools', 'day_histogram', pool_keys) }}
),

-- each comparison twice: the window ('window', every segment) and the pooled days ('day', the
-- whole population), against the same reference
spans as (
    select 'window' as span
    union all
    select 'day' as span
),

bin_counts as (
    select
        counts.model_id,
        counts.eval_date,
        spans.span,
        counts.segment_name,
        counts.segment_value,
        counts.feature,
        bins.feature_kind,
        counts.bin_index,
        bins.drift_bin,
        settings.psi_epsilon,
        sum(case when spans.span = 'window' then counts.n_window_bin else counts.n_day_bin end) as n_window_bin,
        sum(counts.n_reference_bin) as n_reference_bin
    from counts
    inner join {{ ref('int_retrain_gate__reference_bins') }} as bins
        on
            counts.model_id = bins.model_id
            and counts.feature = bins.feature
            and counts.bin_index = bins.bin_index
    inner join settings on counts.model_id = settings.model_id
    inner join spans on spans.span = 'window' or counts.segment_name = '(all)'
    group by
        counts.model_id,
        counts.eval_date,
        spans.span,
        counts.segment_name,
        counts.segment_value,
        counts.feature,
        bins.feature_kind,
        counts.bin_index,
        bins.drift_bin,
        settings.psi_epsilon
),

statistics as (
    {{ retrain_gate.drift_statistics('bin_counts', ['model_id', 'eval_date', 'span', 'segment_name', 'segment_value', 'feature']) }}
)

select
    statistics.model_id,
    statistics.eval_date,
    cast(statistics.span as {{ string_type }}) as span,
    case
        when statistics.span = 'day' then coalesce(day_spans.window_start, eval_dates.eval_date)
        else eval_dates.window_start
    end as window_start,
    eval_dates.eval_date as window_end,
    eval_dates.reference_start,
    eval_dates.reference_end,
    statistics.segment_name,
    statistics.segment_value,
    statistics.feature,
    cast(statistics.feature_kind as {{ string_type }}) as feature_kind,
    cast(statistics.statistic as {{ string_type }}) as statistic,
    cast(statistics.value as {{ double_type }}) as value,
    cast(statistics.upper_bound as {{ double_type }}) as upper_bound,
    cast(statistics.n_window as {{ dbt.type_bigint() }}) as n_window,
    cast(statistics.n_reference as {{ dbt.type_bigint() }}) as n_reference,
    settings.fingerprint,
    {{ retrain_gate.run_timestamp() }} as computed_at
from statistics
inner join eval_dates
    on statistics.model_id = eval_dates.model_id and statistics.eval_date = eval_dates.eval_date
inner join settings on statistics.model_id = settings.model_id
left join day_spans
    on
        statistics.span = 'day'
        and statistics.model_id = day_spans.model_id
        and statistics.eval_date = day_spans.eval_date
        and statistics.feature = day_spans.feature
{%- endif %}
