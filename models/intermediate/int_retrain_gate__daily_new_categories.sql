{#-
  What the reference never saw, day by day: per model x day x categorical feature, the non-null
  values, how many of them are categories absent from the reference, how many such categories,
  and the 10 most frequent as "value (count)" text: the evidence behind unseen_categories. One
  row per day with values, so the incremental plan always knows the last day it counted.
-#}
{{ retrain_gate.staged_rows_dependencies() }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_categories') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'profile_date'], 'int_retrain_gate__daily_new_categories')) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set catalog = retrain_gate.reference_bin_catalog() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__daily_new_categories') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__daily_new_categories') -%}
{%- set models = [] -%}
{%- for m in cfg.models -%}
{%- set binned = (catalog.get(m.model_id) or {}).keys() | list -%}
{%- set features = m.features | selectattr('kind', 'equalto', 'categorical') | selectattr('name', 'in', binned) | list -%}
{%- if features -%}{%- do models.append({'m': m, 'features': features}) -%}{%- endif -%}
{%- endfor -%}
{%- set text = dbt.type_string() -%}
{%- if models | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', text), ('profile_date', 'date'), ('feature', text), ('n_values', dbt.type_bigint()),
    ('n_new', dbt.type_bigint()), ('n_new_categories', dbt.type_bigint()), ('top_new_categories', text),
    ('fingerprint', text), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
-- per model, day and feature: one row for all known values (new_category null), one per new
-- category; each model's rows are read once, however many features it has
with counted as (
    {%- for item in models %}
    select
        cast('{{ item.m.model_id }}' as {{ text }}) as model_id,
        category_bins.event_date as profile_date,
        category_bins.feature,
        case when category_bins.bin_index is null then category_bins.category end as new_category,
        sum(category_bins.n) as n
    from ({{ retrain_gate.staged_category_bins(item.m, plan, item.features, ['event_date']) }}) as category_bins  -- noqa: PRS
    group by
        category_bins.event_date,
        category_bins.feature,
        case when category_bins.bin_index is null then category_bins.category end
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

ranked as (
    select
        *,
        row_number() over (
            partition by model_id, profile_date, feature
            order by case when new_category is null then 1 else 0 end asc, n desc, new_category asc
        ) as category_rank
    from counted
),

daily as (
    select
        model_id,
        profile_date,
        feature,
        sum(n) as n_values,
        sum(case when new_category is not null then n else 0 end) as n_new,
        count(new_category) as n_new_categories,
        -- null on a day without new categories: Spark's listagg of no values is '', not null
        nullif({{ dbt.listagg(
            "case when new_category is not null and category_rank <= 10 then "
                ~ dbt.concat(['new_category', "' ('", 'cast(n as ' ~ text ~ ')', "')'"]) ~ " end",
            "', '",
            'order by category_rank') }}, '') as top_new_categories
    from ranked
    group by model_id, profile_date, feature
)

select
    daily.model_id,
    daily.profile_date,
    daily.feature,
    cast(daily.n_values as {{ dbt.type_bigint() }}) as n_values,
    cast(daily.n_new as {{ dbt.type_bigint() }}) as n_new,
    cast(daily.n_new_categories as {{ dbt.type_bigint() }}) as n_new_categories,
    cast(daily.top_new_categories as {{ text }}) as top_new_categories,
    {{ retrain_gate.row_provenance('daily.model_id', fingerprints) }}
from daily
{%- endif %}
