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
-- each model's rows read once and unpivoted to one row per categorical value: one scan of a
-- model however many features, and one join for all of them
with category_values as (
    {%- for item in models %}
    select
        cast('{{ item.m.model_id }}' as {{ text }}) as model_id,
        unpivoted.event_date as profile_date,
        unpivoted.feature,
        unpivoted.category
    from ({{ retrain_gate.staged_category_values(item.m, plan, item.features, ['event_date']) }}) as unpivoted
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

-- per day: one row for all known values (category null), one per new category
counted as (
    select
        category_values.model_id,
        category_values.profile_date,
        category_values.feature,
        case when known.category is null then category_values.category end as new_category,
        count(*) as n
    from category_values
    left join {{ ref('int_retrain_gate__reference_categories') }} as known
        on
            category_values.model_id = known.model_id
            and category_values.feature = known.feature
            and category_values.category = known.category
    where category_values.category is not null
    group by
        category_values.model_id,
        category_values.profile_date,
        category_values.feature,
        case when known.category is null then category_values.category end
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
        {{ dbt.listagg(
            "case when new_category is not null and category_rank <= 10 then "
                ~ dbt.concat(['new_category', "' ('", 'cast(n as ' ~ text ~ ')', "')'"]) ~ " end",
            "', '",
            'order by category_rank') }} as top_new_categories
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
