{#-
  retrain_gate_band_outcomes: outcomes by predicted band, for BI. One row per model_id x
  eval_date x segment x band: the matured predictions of the evaluation date's outcome window
  (outcome_calendar_sql: its window moved back by maturity_days) and of its reference, with
  their counts, observed and expected rates (regression: mean label and prediction), O/E, bias,
  MAE, RMSE, loss ratio and proxy figures (outcome_figures).
  Bands: score_bands. Segments: 'all', and each segment column's values.

  Incremental: an evaluation date is recomputed when it is new or a daily outcome profile it
  may cover was rewritten since the last run; its cost is that of the compact daily rows.
-#}
-- depends_on: {{ ref('int_retrain_gate__daily_outcome_profile') }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_cuts') }}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'eval_date'], 'retrain_gate_band_outcomes')) }}
{%- set fingerprints = retrain_gate.plan_fingerprints('retrain_gate_band_outcomes') -%}
{%- set plan = retrain_gate.node_plan('retrain_gate_band_outcomes') -%}
{%- set spans = retrain_gate.eval_calendar(plan) | selectattr('m.model_id', 'in', fingerprints.keys() | list) | list -%}
{%- set bands = retrain_gate.score_bands() -%}
{%- set text = dbt.type_string() -%}
{%- set double = retrain_gate.type_double() -%}
{%- set bigint = dbt.type_bigint() -%}
{%- set sums = retrain_gate.outcome_sums() -%}
{%- set figures = ['observed_rate', 'expected_rate', 'observed_to_expected', 'calibration_z', 'bias', 'mean_abs_error',
                   'root_mean_sq_error', 'loss_ratio', 'loss_ratio_se', 'proxy_rate', 'target_per_proxy'] -%}
{%- set columns = [('model_id', text), ('eval_date', 'date'), ('segment', text), ('segment_name', text), ('segment_value', text),
                   ('band', dbt.type_int()), ('band_lower', double), ('band_upper', double), ('window_start', 'date'),
                   ('window_end', 'date'), ('reference_start', 'date'), ('reference_end', 'date')] -%}
{%- for side in ['', 'reference_'] -%}
{%- for name in sums -%}{%- do columns.append((side ~ name, bigint if name.startswith('n_') else double)) -%}{%- endfor -%}
{%- for name in figures -%}{%- do columns.append((side ~ name, double)) -%}{%- endfor -%}
{%- endfor -%}
{%- do columns.extend([('fingerprint', text), ('computed_at', dbt.type_timestamp())]) -%}
{%- if spans | length == 0 %}
{{ retrain_gate.empty_relation(columns) }}
{%- else %}
{%- set extra = {} %}
{%- for span in spans %}
{%- do extra.update({span.m.model_id: [('1' if span.m.kind == 'regression' else '0', 'is_regression')]}) %}
{%- endfor %}
with {{ retrain_gate.evaluation_frames(spans, fingerprints, 'outcome', extra) }},

band_bounds as (
    {%- for span in spans %}
    {%- set edges = bands[span.m.model_id].edges %}
    {%- set outer_loop = loop %}
    {%- for band in range(1, edges | length + 2) %}
    select
        '{{ span.m.model_id }}' as model_id,
        {{ band }} as band,
        {{ edges[band - 2] if band > 1 else 'cast(null as ' ~ double ~ ')' }} as band_lower,
        {{ edges[band - 1] if band <= edges | length else 'cast(null as ' ~ double ~ ')' }} as band_upper
    {{ 'union all' if not (loop.last and outer_loop.last) }}
    {%- endfor %}
    {%- endfor %}
),

-- the daily profiles summed over score bins: one row per day x segment x band
daily_bands as (
    select
        profiles.model_id,
        profiles.profile_date,
        profiles.segment_name,
        profiles.segment_value,
        profiles.band
        {%- for name in sums %},
        sum(profiles.{{ name }}) as {{ name }}{% endfor %}
    from {{ ref('int_retrain_gate__daily_outcome_profile') }} as profiles
    inner join settings on profiles.model_id = settings.model_id
    group by profiles.model_id, profiles.profile_date, profiles.segment_name, profiles.segment_value, profiles.band
),

-- each evaluation date's window and reference sums, side by side
totals as (
    {%- set measures = {} %}
    {%- for name in sums %}{%- do measures.update({name: 'profiles.' ~ name}) %}{%- endfor %}
    {{ retrain_gate.window_and_reference_sums('daily_bands', ['segment_name', 'segment_value', 'band'], measures, frames='eval_dates') }}
),

figured as (
    select
        totals.*,
        {{ retrain_gate.outcome_figures('totals.', 'w_', 'settings.is_regression') }},
        {{ retrain_gate.outcome_figures('totals.reference_', 'r_', 'settings.is_regression') }}
    from totals
    inner join settings on totals.model_id = settings.model_id
)

select
    figured.model_id,
    figured.eval_date,
    cast(case
        when figured.segment_name = '(all)' then 'all'
        else {{ dbt.concat(['figured.segment_name', "'='", 'figured.segment_value']) }}
    end as {{ text }}) as segment,
    figured.segment_name,
    figured.segment_value,
    cast(figured.band as {{ dbt.type_int() }}) as band,
    cast(band_bounds.band_lower as {{ double }}) as band_lower,
    cast(band_bounds.band_upper as {{ double }}) as band_upper,
    eval_dates.window_start,
    eval_dates.window_end,
    eval_dates.reference_start,
    eval_dates.reference_end,
    {%- for side, prefix in [('', 'w_'), ('reference_', 'r_')] %}
    {%- for name in sums %}
    {%- set column = side ~ name %}
    cast(figured.{{ column }} as {{ bigint if name.startswith('n_') else double }}) as {{ column }},
    {%- endfor %}
    {%- for name in figures %}
    cast(figured.{{ prefix }}{{ name }} as {{ double }}) as {{ side }}{{ name }},
    {%- endfor %}
    {%- endfor %}
    settings.fingerprint,
    {{ retrain_gate.run_timestamp() }} as computed_at
from figured
inner join eval_dates on figured.model_id = eval_dates.model_id and figured.eval_date = eval_dates.eval_date
inner join settings on figured.model_id = settings.model_id
left join band_bounds on figured.model_id = band_bounds.model_id and figured.band = band_bounds.band
{%- endif %}
