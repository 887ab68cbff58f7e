{#-
  Daily class profiles of multiclass models (docs/multiclass.md): per model x prediction day x
  class, over the day's matured predictions with a score and a label, how often each class
  was the label and the prediction, and how far its probability was from the label:
    n_labelled        predictions with a label (the same on every class row of the day)
    n_label           of them labelled with the class
    n_predicted       of them whose top class is the class
    sum_probability   the sum of the class's probability over them (the expected n_label)
    sum_sq_residual   the sum of (1 if labelled with the class else 0, minus its probability)^2
  Labels that name no class of `scores` are counted on the row class_name '(other)', whose
  n_predicted and sum_probability are 0 (its residuals are its labels). The class priors of any window and reference
  (class_prior_shift) are sums over these rows. Read like the daily outcome profile, on the
  same plan: the newly matured day, lookback_days re-read, and the days with late feedback.
-#}
{{ retrain_gate.staged_rows_dependencies() }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_cuts') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'profile_date'], 'int_retrain_gate__daily_class_profile')) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__daily_class_profile') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__daily_class_profile') -%}
{%- set text = dbt.type_string() -%}
{%- set double = retrain_gate.type_double() -%}
{%- set bigint = dbt.type_bigint() -%}
{%- set models = [] -%}
{%- for m in cfg.models if m.model_id in fingerprints -%}
{%- set last_day = retrain_gate.shift_date(cfg.as_of, 0 - m.maturity_days) -%}
{%- if plan[m.model_id].full or plan[m.model_id].start <= last_day or plan[m.model_id].redo -%}
{%- do models.append({'m': m, 'last_day': last_day, 'arrived_through': plan[m.model_id].arrived_through}) -%}
{%- endif -%}
{%- endfor -%}
{%- if models | length == 0 %}
{{ retrain_gate.empty_relation([('model_id', text), ('profile_date', 'date'), ('class_name', text), ('n_labelled', bigint),
    ('n_label', bigint), ('n_predicted', bigint), ('sum_probability', double), ('sum_sq_residual', double), ('labels_arrived_through', dbt.type_timestamp()),
    ('fingerprint', text), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
with
{%- for item in models %}
{%- set m = item.m %}
{%- set slots = {} %}
{%- for feature in m.features %}{%- do slots.update({feature.name: feature.slot}) %}{%- endfor %}
{%- set names = [] %}
{%- set columns = ['event_date', 'score', 'label', 'label_class', slots.predicted_class] %}
{%- for class in m.classes %}
{%- do names.append("'" ~ class.name ~ "'") %}
{%- do columns.append(slots[class.column]) %}
{%- endfor %}
-- one pass over the model's rows: each class's counts in columns of its own
counts_{{ loop.index }} as (
    select
        event_date,
        count(*) as n_labelled,
        {%- for class in m.classes %}
        sum(case when label_class = '{{ class.name }}' then 1 else 0 end) as n_label_{{ loop.index }},
        sum(case when {{ slots.predicted_class }} = '{{ class.name }}' then 1 else 0 end) as n_predicted_{{ loop.index }},
        sum({{ slots[class.column] }}) as sum_probability_{{ loop.index }},
        sum(
            (case when label_class = '{{ class.name }}' then 1 else 0 end - {{ slots[class.column] }})
            * (case when label_class = '{{ class.name }}' then 1 else 0 end - {{ slots[class.column] }})
        ) as sum_sq_residual_{{ loop.index }},
        {%- endfor %}
        sum(case when label_class in ({{ names | join(', ') }}) then 0 else 1 end) as n_label_other
    from ({{ retrain_gate.staged_rows(m, plan, columns, item.last_day) }}) as staged
    where score is not null and label is not null
    group by event_date
),
{%- endfor %}

daily as (
    {%- for item in models %}
    {%- set counts = 'counts_' ~ loop.index %}
    {%- for class in item.m.classes %}
    select '{{ item.m.model_id }}' as model_id, event_date, '{{ class.name }}' as class_name, n_labelled,
        n_label_{{ loop.index }} as n_label, n_predicted_{{ loop.index }} as n_predicted, sum_probability_{{ loop.index }} as sum_probability,
        sum_sq_residual_{{ loop.index }} as sum_sq_residual
    from {{ counts }}
    union all
    {%- endfor %}
    select '{{ item.m.model_id }}' as model_id, event_date, '(other)' as class_name, n_labelled,
        n_label_other as n_label, 0 as n_predicted, 0 as sum_probability, n_label_other as sum_sq_residual
    from {{ counts }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    cast(daily.model_id as {{ text }}) as model_id,
    daily.event_date as profile_date,
    cast(daily.class_name as {{ text }}) as class_name,
    cast(daily.n_labelled as {{ bigint }}) as n_labelled,
    cast(daily.n_label as {{ bigint }}) as n_label,
    cast(daily.n_predicted as {{ bigint }}) as n_predicted,
    cast(coalesce(daily.sum_probability, 0) as {{ double }}) as sum_probability,
    cast(coalesce(daily.sum_sq_residual, 0) as {{ double }}) as sum_sq_residual,
    {{ retrain_gate.labels_arrived_through('daily.model_id', models) }} as labels_arrived_through,
    {{ retrain_gate.row_provenance('daily.model_id', fingerprints) }}
from daily
{%- endif %}
