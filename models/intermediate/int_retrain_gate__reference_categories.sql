{#-
  Every category a categorical feature takes in its reference rows, with its reference count
  and the bin it falls in: its own bin for the `top_categories` most frequent (ties by name),
  the shared "other" bin for the rest. Values never seen here land in the "unseen" bin.
  Frozen once computed (see reference_plan).
-#}
{{ retrain_gate.staged_rows_dependencies() }}
{{ config(**retrain_gate.incremental_table(
    ['model_id', 'feature'], hooks=["{{ retrain_gate.delete_unmonitored_features('categorical') }}"])) }}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__reference_categories') -%}
{%- set string_type = dbt.type_string() -%}
{%- if plan | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', string_type), ('feature', string_type), ('category', string_type),
    ('reference_rows', dbt.type_bigint()), ('category_rank', dbt.type_int()), ('bin_index', dbt.type_int()),
    ('n_top_categories', dbt.type_int()), ('bins_fingerprint', string_type),
    ('edges_start', 'date'), ('edges_end', 'date'), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
with counted as (
    {%- for item in plan %}
    select
        cast('{{ item.model.model_id }}' as {{ string_type }}) as model_id,
        cast('{{ item.feature.name }}' as {{ string_type }}) as feature,
        {{ item.feature.slot }} as category,
        count(*) as reference_rows,
        cast('{{ item.fingerprint }}' as {{ string_type }}) as bins_fingerprint,
        {{ retrain_gate.date_literal(item.start) }} as edges_start,
        {{ retrain_gate.date_literal(item.end) }} as edges_end,
        {{ item.model.top_categories }} as top_categories
    from ({{ retrain_gate.staged_model_rows(item.model) }}) as staged_model
    where
        event_at >= cast('{{ item.start }}' as {{ dbt.type_timestamp() }})
        and event_at < cast('{{ retrain_gate.shift_date(item.end, 1) }}' as {{ dbt.type_timestamp() }})
        and {{ item.feature.slot }} is not null
    group by {{ item.feature.slot }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

ranked as (
    select
        *,
        row_number() over (partition by model_id, feature order by reference_rows desc, category) as category_rank,
        count(*) over (partition by model_id, feature) as n_categories
    from counted
)

select
    model_id,
    feature,
    category,
    reference_rows,
    cast(category_rank as {{ dbt.type_int() }}) as category_rank,
    -- bins 1..k are the top k categories, k + 1 "other", k + 2 "unseen"
    cast(case
        when category_rank <= top_categories then category_rank
        else least(top_categories, n_categories) + 1
    end as {{ dbt.type_int() }}) as bin_index,
    cast(least(top_categories, n_categories) as {{ dbt.type_int() }}) as n_top_categories,
    bins_fingerprint,
    edges_start,
    edges_end,
    {{ retrain_gate.run_timestamp() }} as computed_at
from ranked
{%- endif %}
