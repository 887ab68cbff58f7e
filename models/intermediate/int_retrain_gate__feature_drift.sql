{#-
  Feature drift: per model x evaluation date x segment x feature, the window's distribution of
  non-null values against the reference's, computed from sums of daily histograms only.

  With p_b, q_b the window and reference shares of bin b (counts / non-null total):
    psi          sum over drift bins of (p'_b - q'_b) * ln(p'_b / q'_b),
                 p'_b = max(p_b, psi_epsilon), q'_b = max(q_b, psi_epsilon) (empty bins, both sides)
    js_distance  sqrt(JSD), JSD = 1/2 sum p_b log2(p_b / m_b) + 1/2 sum q_b log2(q_b / m_b),
                 m_b = (p_b + q_b) / 2, terms with a zero share are 0 (over drift bins; 0..1)
    ks           max over histogram bins of |P_b - Q_b|, P and Q the cumulative shares
                 (numeric only). Every bin edge is a point of both empirical CDFs, so ks is a
                 lower bound of the exact two-sample statistic; upper_bound is the exact
                 statistic's tight upper bound from the bins: max over b of
                 max(|D_b|, D_(b-1) + p_b, q_b - D_(b-1)), D = P - Q.
    linf         max over category bins of |p_b - q_b| (categorical only).
  value is null when either side has no values.
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
{%- set lengths = [] %}
{%- for span in spans %}
  {%- set r = span.m.reference %}
  {%- do lengths.append(span.m.window_days) %}
  {%- do lengths.append(r.rolling_days if r.kind == 'rolling' else (modules.datetime.date.fromisoformat(r.end) - modules.datetime.date.fromisoformat(r.start)).days + 1) %}
{%- endfor %}
with eval_dates as (
    {{ retrain_gate.eval_calendar_sql(spans) }}
),

histogram as (
    select model_id, profile_date, segment_name, segment_value, feature, bin_index, n
    from {{ ref('int_retrain_gate__daily_feature_histogram') }}
    where model_id in ('{{ spans | map(attribute='m.model_id') | join("', '") }}')
),

day_offsets as (
    {{ retrain_gate.whole_numbers(lengths | max) }}
),

-- every window and reference, one row per day, so that joining the histograms is an equi-join
window_days as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        {{ retrain_gate.add_days('eval_dates.window_start', 'day_offsets.n') }} as profile_date
    from eval_dates
    inner join day_offsets
        on day_offsets.n <= {{ dbt.datediff('eval_dates.window_start', 'eval_dates.eval_date', 'day') }}
),

reference_days as (
    select
        references_.model_id,
        references_.reference_start,
        references_.reference_end,
        {{ retrain_gate.add_days('references_.reference_start', 'day_offsets.n') }} as profile_date
    from (select distinct model_id, reference_start, reference_end from eval_dates) as references_
    inner join day_offsets
        on day_offsets.n <= {{ dbt.datediff('references_.reference_start', 'references_.reference_end', 'day') }}
),

window_counts as (
    select
        window_days.model_id,
        window_days.eval_date,
        histogram.segment_name,
        histogram.segment_value,
        histogram.feature,
        histogram.bin_index,
        sum(histogram.n) as n
    from window_days
    inner join histogram
        on window_days.model_id = histogram.model_id and window_days.profile_date = histogram.profile_date
    group by 1, 2, 3, 4, 5, 6
),

reference_counts as (
    select
        reference_days.model_id,
        reference_days.reference_start,
        reference_days.reference_end,
        histogram.segment_name,
        histogram.segment_value,
        histogram.feature,
        histogram.bin_index,
        sum(histogram.n) as n
    from reference_days
    inner join histogram
        on reference_days.model_id = histogram.model_id and reference_days.profile_date = histogram.profile_date
    group by 1, 2, 3, 4, 5, 6, 7
),

-- what is compared on each evaluation date: every segment x feature seen in the reference or the window
comparisons as (
    select
        eval_dates.model_id, eval_dates.eval_date, eval_dates.window_start,
        eval_dates.reference_start, eval_dates.reference_end,
        reference_counts.segment_name, reference_counts.segment_value, reference_counts.feature
    from eval_dates
    inner join reference_counts
        on
            eval_dates.model_id = reference_counts.model_id
            and eval_dates.reference_start = reference_counts.reference_start
            and eval_dates.reference_end = reference_counts.reference_end
    union
    select
        eval_dates.model_id, eval_dates.eval_date, eval_dates.window_start,
        eval_dates.reference_start, eval_dates.reference_end,
        window_counts.segment_name, window_counts.segment_value, window_counts.feature
    from eval_dates
    inner join window_counts
        on eval_dates.model_id = window_counts.model_id and eval_dates.eval_date = window_counts.eval_date
),

bin_counts as (
    select
        comparisons.*,
        bins.feature_kind,
        bins.bin_index,
        bins.drift_bin,
        coalesce(window_counts.n, 0) as n_window_bin,
        coalesce(reference_counts.n, 0) as n_reference_bin
    from comparisons
    inner join {{ ref('int_retrain_gate__reference_bins') }} as bins
        on comparisons.model_id = bins.model_id and comparisons.feature = bins.feature
    left join window_counts
        on
            comparisons.model_id = window_counts.model_id
            and comparisons.eval_date = window_counts.eval_date
            and comparisons.segment_name = window_counts.segment_name
            and comparisons.segment_value = window_counts.segment_value
            and comparisons.feature = window_counts.feature
            and bins.bin_index = window_counts.bin_index
    left join reference_counts
        on
            comparisons.model_id = reference_counts.model_id
            and comparisons.reference_start = reference_counts.reference_start
            and comparisons.reference_end = reference_counts.reference_end
            and comparisons.segment_name = reference_counts.segment_name
            and comparisons.segment_value = reference_counts.segment_value
            and comparisons.feature = reference_counts.feature
            and bins.bin_index = reference_counts.bin_index
),

{%- set comparison_key = 'model_id, eval_date, segment_name, segment_value, feature' %}
bin_shares as (
    select
        *,
        sum(n_window_bin) over (partition by {{ comparison_key }}) as n_window,
        sum(n_reference_bin) over (partition by {{ comparison_key }}) as n_reference,
        n_window_bin * 1.0 / nullif(sum(n_window_bin) over (partition by {{ comparison_key }}), 0) as p,
        n_reference_bin * 1.0 / nullif(sum(n_reference_bin) over (partition by {{ comparison_key }}), 0) as q,
        -- D_b = P_b - Q_b from cumulative counts (exact integers, divided once)
        sum(n_window_bin) over (partition by {{ comparison_key }} order by bin_index rows between unbounded preceding and current row)
            * 1.0 / nullif(sum(n_window_bin) over (partition by {{ comparison_key }}), 0)
        - sum(n_reference_bin) over (partition by {{ comparison_key }} order by bin_index rows between unbounded preceding and current row)
            * 1.0 / nullif(sum(n_reference_bin) over (partition by {{ comparison_key }}), 0) as cdf_gap
    from bin_counts
),

ks as (
    select
        {{ comparison_key }},
        max(abs(cdf_gap)) as value,
        max(greatest(abs(cdf_gap), previous_gap + p, q - previous_gap)) as upper_bound
    from (
        select *, coalesce(lag(cdf_gap) over (partition by {{ comparison_key }} order by bin_index), 0) as previous_gap
        from bin_shares
        where feature_kind = 'numeric'
    ) as steps
    group by {{ comparison_key }}
),

drift_bin_shares as (
    select
        bin_shares.{{ comparison_key | replace(', ', ', bin_shares.') }},
        bin_shares.drift_bin,
        max(bin_shares.feature_kind) as feature_kind,
        sum(bin_shares.p) as p,
        sum(bin_shares.q) as q,
        max(settings.psi_epsilon) as psi_epsilon
    from bin_shares
    inner join (
        {%- for m in cfg.models %}
        select '{{ m.model_id }}' as model_id, cast({{ m.psi_epsilon }} as {{ double_type }}) as psi_epsilon
        {{ 'union all' if not loop.last }}
        {%- endfor %}
    ) as settings
        on bin_shares.model_id = settings.model_id
    group by bin_shares.{{ comparison_key | replace(', ', ', bin_shares.') }}, bin_shares.drift_bin
),

divergences as (
    select
        {{ comparison_key }},
        max(feature_kind) as feature_kind,
        sum(
            (greatest(p, psi_epsilon) - greatest(q, psi_epsilon)) * ln(greatest(p, psi_epsilon) / greatest(q, psi_epsilon))
        ) as psi,
        sqrt(greatest(0, (
            0.5 * sum(case when p > 0 then p * ln(p / ((p + q) / 2)) else 0 end)
            + 0.5 * sum(case when q > 0 then q * ln(q / ((p + q) / 2)) else 0 end)
        ) / ln(2))) as js_distance,
        max(abs(p - q)) as linf
    from drift_bin_shares
    group by {{ comparison_key }}
),

statistics as (
    select {{ comparison_key }}, 'psi' as statistic, psi as value, cast(null as {{ double_type }}) as upper_bound
    from divergences
    union all
    select {{ comparison_key }}, 'js_distance' as statistic, js_distance as value, cast(null as {{ double_type }}) as upper_bound
    from divergences
    union all
    select {{ comparison_key }}, 'linf' as statistic, linf as value, cast(null as {{ double_type }}) as upper_bound
    from divergences
    where feature_kind = 'categorical'
    union all
    select {{ comparison_key }}, 'ks' as statistic, value, upper_bound
    from ks
),

sizes as (
    select {{ comparison_key }}, max(feature_kind) as feature_kind, max(n_window) as n_window, max(n_reference) as n_reference
    from bin_shares
    group by {{ comparison_key }}
)

select
    comparisons.model_id,
    comparisons.eval_date,
    comparisons.window_start,
    comparisons.eval_date as window_end,
    comparisons.reference_start,
    comparisons.reference_end,
    comparisons.segment_name,
    comparisons.segment_value,
    comparisons.feature,
    cast(sizes.feature_kind as {{ string_type }}) as feature_kind,
    cast(statistics.statistic as {{ string_type }}) as statistic,
    -- no statistic without values on both sides
    cast(case when sizes.n_window > 0 and sizes.n_reference > 0 then statistics.value end as {{ double_type }}) as value,
    cast(case when sizes.n_window > 0 and sizes.n_reference > 0 then statistics.upper_bound end as {{ double_type }}) as upper_bound,
    cast(sizes.n_window as {{ dbt.type_bigint() }}) as n_window,
    cast(sizes.n_reference as {{ dbt.type_bigint() }}) as n_reference,
    cast(case comparisons.model_id
        {%- for span in spans %}
        when '{{ span.m.model_id }}' then '{{ fingerprints[span.m.model_id] }}'
        {%- endfor %}
    end as {{ string_type }}) as fingerprint,
    {{ retrain_gate.run_timestamp() }} as computed_at
from comparisons
inner join sizes
    on
        comparisons.model_id = sizes.model_id
        and comparisons.eval_date = sizes.eval_date
        and comparisons.segment_name = sizes.segment_name
        and comparisons.segment_value = sizes.segment_value
        and comparisons.feature = sizes.feature
inner join statistics
    on
        comparisons.model_id = statistics.model_id
        and comparisons.eval_date = statistics.eval_date
        and comparisons.segment_name = statistics.segment_name
        and comparisons.segment_value = statistics.segment_value
        and comparisons.feature = statistics.feature
{%- endif %}
