{#-
  Outcome checks: whether the model's outcomes really got worse, and whether its labels can be
  trusted, per model x evaluation date, on the matured predictions of the evaluation date's
  outcome window against its reference (outcome_calendar_sql), from the band outcomes and the
  daily outcome profiles. Statuses come from the thresholds in retrain_gate_signals.

  The checks are the registry's of the family outcome, and mix_attribution (macro check_names);
  each is the macro check_<name> in macros/checks/outcome/<name>.sql, whose header gives its
  formula, and a check that reads CTEs of its own brings them in check_<name>_inputs.

  Every check is insufficient_data until the outcome window holds window_days matured days
  after the reference (the thresholds were measured on windows of that length).
  Band and model checks are judged on the whole population (segment 'all'); the band outcomes
  per segment are in retrain_gate_band_outcomes. Incremental like the band outcomes.
-#}
-- depends_on: {{ ref('retrain_gate_band_outcomes') }}
-- depends_on: {{ ref('int_retrain_gate__daily_outcome_profile') }}
-- depends_on: {{ ref('int_retrain_gate__daily_class_profile') }}
-- depends_on: {{ ref('int_retrain_gate__daily_ranking_profile') }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_cuts') }}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'eval_date'], 'int_retrain_gate__outcome_checks')) }}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__outcome_checks') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__outcome_checks') -%}
{%- set spans = retrain_gate.eval_calendar(plan) | selectattr('m.model_id', 'in', fingerprints.keys() | list) | list -%}
{%- set text = dbt.type_string() -%}
{%- set totals = [] -%}
{%- for side in ['', 'reference_'] -%}
{%- for name in ['n_scored', 'n_labelled', 'n_positive', 'sum_label', 'sum_label_sq', 'sum_score', 'sum_abs_error',
                 'sum_sq_error', 'n_proxy', 'n_proxy_positive', 'n_proxy_target'] -%}
{%- do totals.append(side ~ name) -%}
{%- endfor -%}
{%- endfor -%}
{%- if spans | length == 0 %}
{{ retrain_gate.empty_relation(retrain_gate.check_row_columns()) }}
{%- else %}
{%- set extra = {} %}
{%- for span in spans %}
{%- do extra.update({span.m.model_id: [
    (span.m.maturity_days, 'maturity_days'), ('1' if (span.m.labels or {}).get('loss') else '0', 'has_loss'),
    ('1' if span.m.labels else '0', 'has_labels'), ('1' if span.m.proxy else '0', 'has_proxy'),
    (span.m.thresholds.proxy_alignment.max_proxy_fall, 'max_proxy_fall'), (span.m.thresholds.calibration.min_positives, 'min_positives'),
    ('1' if span.m.calibration == 'absolute' else '0', 'absolute_calibration'),
    ('1' if span.m.kind == 'regression' else '0', 'is_regression'), ('1' if span.m.kind == 'multiclass' else '0', 'is_multiclass'),
    ('1' if span.m.kind == 'ranking' else '0', 'is_ranking'), (span.m.k, 'ranking_k'),
    (span.m.bands.count if span.m.bands.kind == 'quantile' else span.m.bands.cutpoints | length + 1, 'class_bands')]}) %}
{%- endfor %}
with {{ retrain_gate.evaluation_frames(spans, fingerprints, 'outcome', extra) }},

-- an outcome window is judged once it holds window_days matured days after the reference:
-- the thresholds were measured on windows of that length (docs/operating_characteristics.md)
frames as (
    select
        eval_dates.*,
        settings.is_multiclass,
        settings.is_ranking,
        settings.ranking_k,
        case
            when
                {{ retrain_gate.days_between('eval_dates.window_start', 'eval_dates.window_end') }}
                + 1 < settings.window_days
                then {{ dbt.concat(["'the outcome window is not full yet: its first matured day is '",
                    'cast(eval_dates.window_start as ' ~ text ~ ')', "', and '",
                    'cast(settings.window_days as ' ~ text ~ ')', "' matured days are complete on '",
                    'cast(' ~ retrain_gate.add_days('eval_dates.window_start', 'settings.window_days - 1 + settings.maturity_days') ~ ' as ' ~ text ~ ')']) }}
        end as immature_reason
    from eval_dates
    inner join settings on eval_dates.model_id = settings.model_id
),

outcomes as (
    select
        outcomes.*,
        settings.has_loss,
        settings.has_labels,
        settings.has_proxy,
        settings.max_proxy_fall,
        settings.min_positives,
        settings.absolute_calibration,
        settings.is_regression,
        frames.immature_reason,
        -- the labels' variance in the band: r (1 - r) for 0/1 labels
        outcomes.sum_label_sq / nullif(outcomes.n_labelled, 0) - outcomes.observed_rate * outcomes.observed_rate as label_variance
    from {{ ref('retrain_gate_band_outcomes') }} as outcomes
    inner join frames on outcomes.model_id = frames.model_id and outcomes.eval_date = frames.eval_date
    inner join settings on outcomes.model_id = settings.model_id
),

-- the bands side by side with the band above them
adjacent as (
    select
        outcomes.*,
        lead(outcomes.band) over band_order as next_band,
        lead(outcomes.n_labelled) over band_order as next_n_labelled,
        lead(outcomes.observed_rate) over band_order as next_observed_rate,
        lead(outcomes.label_variance) over band_order as next_label_variance,
        lead(outcomes.reference_observed_rate) over band_order as next_reference_observed_rate,
        lead(outcomes.reference_n_labelled) over band_order as next_reference_n_labelled,
        lead(outcomes.reference_n_loss) over band_order as next_reference_n_loss,
        lead(outcomes.n_loss) over band_order as next_n_loss,
        lead(outcomes.loss_ratio) over band_order as next_loss_ratio,
        lead(outcomes.loss_ratio_se) over band_order as next_loss_ratio_se,
        lead(outcomes.reference_loss_ratio) over band_order as next_reference_loss_ratio
    from outcomes
    where outcomes.segment_name = '(all)'
    window band_order as (partition by outcomes.model_id, outcomes.eval_date order by outcomes.band)
),

-- the whole population's figures, summed over bands
model_totals as (
    select
        model_id,
        eval_date,
        segment_name,
        segment_value,
        max(window_start) as window_start,
        max(window_end) as window_end,
        max(reference_start) as reference_start,
        max(reference_end) as reference_end,
        max(immature_reason) as immature_reason,
        max(has_labels) as has_labels,
        max(has_proxy) as has_proxy,
        max(max_proxy_fall) as max_proxy_fall,
        max(is_regression) as is_regression
        {%- for name in totals %},
        sum({{ name }}) as {{ name }}{% endfor %}
    from outcomes
    group by model_id, eval_date, segment_name, segment_value
),

{{ retrain_gate.check_inputs('outcome') }}
checks as (
    {{ retrain_gate.check_union('outcome') }}
)

{{ retrain_gate.check_rows() }}
{%- endif %}
