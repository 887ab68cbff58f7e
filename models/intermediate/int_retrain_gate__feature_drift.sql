{#-
  Feature drift: per model x evaluation date x segment x feature, the window's distribution of
  non-null values against the reference's (psi, js_distance, ks, linf: see drift_statistics),
  computed from sums of daily histograms only.

  Incremental: an evaluation date is recomputed when it is new, or when a histogram day its
  window or reference covers was rewritten since the last run; a model whose bins or drift
  settings changed is recomputed in full.
-#}
-- depends_on: {{ ref('int_retrain_gate__daily_feature_histogram') }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(
    materialized='incremental',
    unique_key=['model_id', 'eval_date'],
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{{ retrain_gate.delete_models_recomputed_in_full(retrain_gate.drift_plan()) }}",
) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set fingerprints = retrain_gate.drift_fingerprints() -%}
{%- set plan = retrain_gate.incremental_plan('eval_date', fingerprints, ref('int_retrain_gate__daily_feature_histogram'), 'profile_date') -%}
{%- set spans = retrain_gate.eval_calendar(plan) -%}
{%- set string_type = dbt.type_string() -%}
{%- set double_type = retrain_gate.type_double() -%}
{%- if spans | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', string_type), ('eval_date', 'date'), ('window_start', 'date'), ('window_end', 'date'),
    ('reference_start', 'date'), ('reference_end', 'date'), ('segment_name', string_type), ('segment_value', string_type),
    ('feature', string_type), ('feature_kind', string_type), ('statistic', string_type), ('value', double_type),
    ('upper_bound', double_type), ('n_window', dbt.type_bigint()), ('n_reference', dbt.type_bigint()),
    ('fingerprint', string_type), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
{%- set rolling = spans | selectattr('m.reference.kind', 'equalto', 'rolling') | list %}
{%- set fixed = spans | selectattr('m.reference.kind', 'equalto', 'fixed') | list %}
{%- set offsets = [1] %}
{%- for span in spans %}
  {%- do offsets.append(span.m.window_days) %}
  {%- if span.m.reference.kind == 'rolling' %}{%- do offsets.append(span.m.reference.rolling_days) %}{%- endif %}
{%- endfor %}
with eval_dates as (
    {{ retrain_gate.eval_calendar_sql(spans) }}
),

-- only the days the recomputed windows and references cover
histogram as (
    select model_id, profile_date, segment_name, segment_value, feature, bin_index, n
    from {{ ref('int_retrain_gate__daily_feature_histogram') }}
    where
        {%- for span in spans %}
        {%- set r = span.m.reference %}
        {%- set reach = span.m.window_days - 1 if r.kind == 'fixed' else span.m.window_days + r.gap_days + r.rolling_days - 1 %}
        {{ 'or ' if not loop.first }}(model_id = '{{ span.m.model_id }}' and (
            profile_date >= {{ retrain_gate.date_literal(retrain_gate.shift_date(span.start, 0 - reach)) }}
            {%- if r.kind == 'fixed' %}
            or profile_date between {{ retrain_gate.date_literal(r.start) }} and {{ retrain_gate.date_literal(r.end) }}
            {%- endif %}
        ))
        {%- endfor %}
),

day_offsets as (
    {{ retrain_gate.whole_numbers(offsets | max) }}
),

{#-
  A histogram day d counts in the windows of evaluation dates d .. d + window_days - 1, and in
  the rolling references of d + window_days + gap_days .. + rolling_days - 1: each day is pushed
  forward to those dates (a join with a handful of offsets), which every engine plans well.
#}
window_counts as (
    select model_id, eval_date, segment_name, segment_value, feature, bin_index, sum(n) as n
    from (
        select
            histogram.model_id,
            {{ retrain_gate.add_days('histogram.profile_date', 'day_offsets.n') }} as eval_date,
            histogram.segment_name,
            histogram.segment_value,
            histogram.feature,
            histogram.bin_index,
            histogram.n
        from histogram
        inner join day_offsets
            on day_offsets.n < case histogram.model_id
                {%- for span in spans %}
                when '{{ span.m.model_id }}' then {{ span.m.window_days }}
                {%- endfor %}
            end
    ) as pushed
    where eval_date between case model_id
            {%- for span in spans %}
            when '{{ span.m.model_id }}' then {{ retrain_gate.date_literal(span.start) }}
            {%- endfor %}
        end and {{ retrain_gate.date_literal(retrain_gate.get_config().as_of) }}
    group by model_id, eval_date, segment_name, segment_value, feature, bin_index
),

reference_counts as (
    {%- for span in fixed %}
    select
        model_id,
        {{ retrain_gate.date_literal(span.m.reference.start) }} as reference_start,
        {{ retrain_gate.date_literal(span.m.reference.end) }} as reference_end,
        segment_name,
        segment_value,
        feature,
        bin_index,
        sum(n) as n
    from histogram
    where
        model_id = '{{ span.m.model_id }}'
        and profile_date between {{ retrain_gate.date_literal(span.m.reference.start) }} and {{ retrain_gate.date_literal(span.m.reference.end) }}
    group by model_id, segment_name, segment_value, feature, bin_index
    {{ 'union all' if not loop.last or rolling | length > 0 }}
    {%- endfor %}
    {%- for span in rolling %}
    {%- set lag = span.m.window_days + span.m.reference.gap_days %}
    select model_id, reference_start, reference_end, segment_name, segment_value, feature, bin_index, sum(n) as n
    from (
        select
            histogram.model_id,
            {{ retrain_gate.add_days('histogram.profile_date', 'day_offsets.n - ' ~ (span.m.reference.rolling_days - 1)) }} as reference_start,
            {{ retrain_gate.add_days('histogram.profile_date', 'day_offsets.n') }} as reference_end,
            histogram.segment_name,
            histogram.segment_value,
            histogram.feature,
            histogram.bin_index,
            histogram.n
        from histogram
        inner join day_offsets on day_offsets.n < {{ span.m.reference.rolling_days }}
        where histogram.model_id = '{{ span.m.model_id }}'
    ) as pushed
    where {{ retrain_gate.add_days('reference_end', lag) }} between {{ retrain_gate.date_literal(span.start) }} and {{ retrain_gate.date_literal(retrain_gate.get_config().as_of) }}
    group by model_id, reference_start, reference_end, segment_name, segment_value, feature, bin_index
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

-- Window and reference counts side by side, per comparison (evaluation date x segment x feature)
-- and bin. A bin empty on both sides has no row: it adds nothing to any statistic.
bin_counts as (
    select
        counts.model_id,
        counts.eval_date,
        counts.segment_name,
        counts.segment_value,
        counts.feature,
        bins.feature_kind,
        counts.bin_index,
        bins.drift_bin,
        sum(counts.n_window_bin) as n_window_bin,
        sum(counts.n_reference_bin) as n_reference_bin,
        max(settings.psi_epsilon) as psi_epsilon
    from (
        select model_id, eval_date, segment_name, segment_value, feature, bin_index, n as n_window_bin, 0 as n_reference_bin
        from window_counts
        union all
        select
            eval_dates.model_id,
            eval_dates.eval_date,
            reference_counts.segment_name,
            reference_counts.segment_value,
            reference_counts.feature,
            reference_counts.bin_index,
            0 as n_window_bin,
            reference_counts.n as n_reference_bin
        from eval_dates
        inner join reference_counts
            on
                eval_dates.model_id = reference_counts.model_id
                and eval_dates.reference_start = reference_counts.reference_start
                and eval_dates.reference_end = reference_counts.reference_end
    ) as counts
    inner join {{ ref('int_retrain_gate__reference_bins') }} as bins
        on counts.model_id = bins.model_id and counts.feature = bins.feature and counts.bin_index = bins.bin_index
    inner join (
        {%- for span in spans %}
        select '{{ span.m.model_id }}' as model_id, cast({{ span.m.psi_epsilon }} as {{ double_type }}) as psi_epsilon
        {{ 'union all' if not loop.last }}
        {%- endfor %}
    ) as settings
        on counts.model_id = settings.model_id
    group by
        counts.model_id, counts.eval_date, counts.segment_name, counts.segment_value, counts.feature,
        bins.feature_kind, counts.bin_index, bins.drift_bin
),

statistics as (
    {{ retrain_gate.drift_statistics('bin_counts') }}
)

select
    statistics.model_id,
    statistics.eval_date,
    eval_dates.window_start,
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
    cast(case statistics.model_id
        {%- for span in spans %}
        when '{{ span.m.model_id }}' then '{{ fingerprints[span.m.model_id] }}'
        {%- endfor %}
    end as {{ string_type }}) as fingerprint,
    {{ retrain_gate.run_timestamp() }} as computed_at
from statistics
inner join eval_dates
    on statistics.model_id = eval_dates.model_id and statistics.eval_date = eval_dates.eval_date
{%- endif %}
