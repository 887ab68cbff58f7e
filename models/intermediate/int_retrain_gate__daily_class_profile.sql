{#-
  Daily class profiles of multiclass models (docs/multiclass.md): per model x prediction day x
  class x score bin (the bin of the class's probability among its reference histogram bins),
  over the day's matured predictions with a score and a label:
    n_labelled        predictions with a label whose class probability falls in the bin
    n_label           of them labelled with the class
    n_predicted       of them whose top class is the class
    sum_probability   the sum of the class's probability over them (the expected n_label)
    sum_sq_residual   the sum of (1 if labelled with the class else 0, minus its probability)^2
  Summed over a class's bins, n_labelled is every labelled prediction of the day. Labels that
  name no class of `scores` are the row class_name '(other)', score_bin -1, whose n_predicted
  and sum_probability are 0 (its residuals are its labels). The class shares of
  class_prior_shift and the one-vs-rest AUCs of class_discrimination are sums over these rows.
  Read like the daily outcome profile, on the same plan: the newly matured day, lookback_days
  re-read, and the days with late feedback.
-#}
{{ retrain_gate.staged_rows_dependencies() }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_cuts') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'profile_date'], 'int_retrain_gate__daily_class_profile')) }}
{%- set catalog = retrain_gate.reference_bin_catalog() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__daily_class_profile') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__daily_class_profile') -%}
{%- set bigint = dbt.type_bigint() -%}
{%- set columns = [('class_name', dbt.type_string()), ('score_bin', dbt.type_int()), ('n_labelled', bigint), ('n_label', bigint),
                   ('n_predicted', bigint), ('sum_probability', retrain_gate.type_double()), ('sum_sq_residual', retrain_gate.type_double())] -%}
{%- set models = retrain_gate.matured_models(plan, fingerprints) -%}
{%- if models | length == 0 %}
{{ retrain_gate.empty_relation(retrain_gate.matured_profile_columns(columns)) }}
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
-- each labelled prediction once per class and once for '(other)' (one scan of the rows), with
-- that class's probability: '(other)' holds the labels that name no class, at probability 0
by_class_{{ loop.index }} as (
    select
        staged.event_date,
        classes.class_name,
        case
            when classes.class_name = '(other)' then case when staged.label_class in ({{ names | join(', ') }}) then 0 else 1 end
            when staged.label_class = classes.class_name then 1
            else 0
        end as is_label,
        case when staged.{{ slots.predicted_class }} = classes.class_name then 1 else 0 end as is_predicted,
        case classes.class_name
            {%- for class in m.classes %}
            when '{{ class.name }}' then staged.{{ slots[class.column] }}
            {%- endfor %}
            else 0
        end as probability
    from ({{ retrain_gate.staged_rows(m, plan, columns, item.last_day) }}) as staged
    cross join (
        {%- for class in m.classes %}
        select '{{ class.name }}' as class_name union all
        {%- endfor %}
        select '(other)' as class_name
    ) as classes
    where staged.score is not null and staged.label is not null
),

counts_{{ loop.index }} as (
    select
        event_date,
        class_name,
        score_bin,
        count(*) as n_labelled,
        sum(is_label) as n_label,
        sum(is_predicted) as n_predicted,
        sum(probability) as sum_probability,
        sum((is_label - probability) * (is_label - probability)) as sum_sq_residual
    from (
        select
            by_class.*,
            case by_class.class_name
                {%- for class in m.classes %}
                {%- set bins = (catalog.get(m.model_id) or {}).get(class.column) %}
                when '{{ class.name }}' then {{ retrain_gate.bin_index_expression('by_class.probability', bins) if bins else 'null' }}
                {%- endfor %}
                else -1
            end as score_bin
        from by_class_{{ loop.index }} as by_class
    ) as binned
    group by event_date, class_name, score_bin
),
{%- endfor %}

{{ retrain_gate.matured_profile_rows(models, fingerprints, columns) }}
{%- endif %}
