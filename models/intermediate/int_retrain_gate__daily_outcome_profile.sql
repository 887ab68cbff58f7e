{#-
  Daily outcome profiles: per model x prediction day x segment x score band x score bin (the
  score's reference histogram bins), sums of the matured feedback of the day's predictions.
  Every outcome figure of any window (rates, calibration, loss ratios, AUC, proxy alignment,
  the mix decomposition) is a sum over these rows.

  A day is profiled once its predictions are `maturity_days` old (on or before the as-of date
  minus maturity_days): younger labels are not yet trusted. Each night the newly matured day is
  read (plus lookback_days re-read for late labels), from the raw rows of that day only; with
  labels.arrived_at, also every older day whose feedback arrived since the last run
  (outcome_profile_plan), however late. labels_arrived_through: the newest arrival counted
  when the row was written (null without labels.arrived_at).

  Per row, over the predictions with a score:
    n_scored                                       predictions
    n_labelled, n_positive                         with a label; with a label above 0 (binary: 1)
    sum_label, sum_label_sq                        of the labels (binary: both n_positive)
    sum_score, sum_score_sq                        of the labelled predictions' scores
    sum_abs_error, sum_sq_error                    of |label - score| and (label - score)^2
    n_loss, sum_loss, sum_exposure,                over labelled predictions with both loss and
    sum_loss_sq, sum_exposure_sq, sum_loss_exposure  exposure (loss ratio and its variance)
    n_proxy, n_proxy_positive, n_proxy_target      proxy metric known; metric = 1; metric = 1
                                                   and target = 1
-#}
{{ retrain_gate.staged_rows_dependencies() }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_cuts') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'profile_date'], 'int_retrain_gate__daily_outcome_profile')) }}
{%- set catalog = retrain_gate.reference_bin_catalog() -%}
{%- set bands = retrain_gate.score_bands() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__daily_outcome_profile') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__daily_outcome_profile') -%}
{%- set text = dbt.type_string() -%}
{%- set double = retrain_gate.type_double() -%}
{%- set bigint = dbt.type_bigint() -%}
{%- set measures = retrain_gate.outcome_sums() -%}
{%- set models = retrain_gate.matured_models(plan, fingerprints) -%}
{%- if models | length == 0 %}
{%- set columns = [('model_id', text), ('profile_date', 'date'), ('segment_name', text), ('segment_value', text),
                   ('band', dbt.type_int()), ('score_bin', dbt.type_int())] -%}
{%- for measure in measures -%}
{%- do columns.append((measure, bigint if measure.startswith('n_') else double)) -%}
{%- endfor -%}
{%- do columns.extend([('labels_arrived_through', dbt.type_timestamp()), ('fingerprint', text), ('computed_at', dbt.type_timestamp())]) -%}
{{ retrain_gate.empty_relation(columns) }}
{%- else %}
with
{%- for item in models %}
{%- set m = item.m %}
{%- set group_columns = ['event_date'] + m.segments | map(attribute='slot') | list %}
finest_{{ loop.index }} as (
    select
        {{ group_columns | join(', ') }},
        band,
        score_bin,
        count(*) as n_scored,
        count(label) as n_labelled,
        sum(case when label > 0 then 1 else 0 end) as n_positive,
        sum(label) as sum_label,
        sum(label * label) as sum_label_sq,
        sum(case when label is not null then score end) as sum_score,
        sum(case when label is not null then score * score end) as sum_score_sq,
        sum(abs(label - score)) as sum_abs_error,
        sum((label - score) * (label - score)) as sum_sq_error,
        sum(has_loss) as n_loss,
        sum(has_loss * loss) as sum_loss,
        sum(has_loss * exposure) as sum_exposure,
        sum(has_loss * loss * loss) as sum_loss_sq,
        sum(has_loss * exposure * exposure) as sum_exposure_sq,
        sum(has_loss * loss * exposure) as sum_loss_exposure,
        count(proxy_metric) as n_proxy,
        sum(proxy_metric) as n_proxy_positive,
        sum(proxy_metric * proxy_target) as n_proxy_target
    from (
        select
            {{ group_columns | join(', ') }},
            score,
            label,
            loss,
            exposure,
            proxy_metric,
            proxy_target,
            case when label is not null and loss is not null and exposure is not null then 1 else 0 end as has_loss,
            {{ retrain_gate.band_expression('score', bands[m.model_id].edges) }} as band,
            {{ retrain_gate.bin_index_expression('score', catalog[m.model_id][m.score]) }} as score_bin
        from ({{ retrain_gate.staged_rows(m, plan, group_columns + ['score', 'label', 'loss', 'exposure', 'proxy_metric', 'proxy_target'],
                                          item.last_day) }}) as staged
        where score is not null
    ) as banded
    group by {{ group_columns | join(', ') }}, band, score_bin
),
{%- endfor %}

daily as (
    {%- for item in models %}
    {{ retrain_gate.sum_over_segment_levels(item.m, 'finest_' ~ loop.index, ['band', 'score_bin'], measures) }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    daily.model_id,
    daily.profile_date,
    daily.segment_name,
    daily.segment_value,
    cast(daily.band as {{ dbt.type_int() }}) as band,
    cast(daily.score_bin as {{ dbt.type_int() }}) as score_bin,
    {%- for measure in measures %}
    cast(coalesce(daily.{{ measure }}, 0) as {{ bigint if measure.startswith('n_') else double }}) as {{ measure }},
    {%- endfor %}
    {{ retrain_gate.labels_arrived_through('daily.model_id', models) }} as labels_arrived_through,
    {{ retrain_gate.row_provenance('daily.model_id', fingerprints) }}
from daily
{%- endif %}
