{#-
  Cut points of each numeric feature (and the score), from its reference rows: the values at
  the quantile levels i / histogram_bins, i = 0 .. histogram_bins (the inverse empirical CDF:
  the value of rank max(1, ceil(i * n / histogram_bins)) in ascending order), duplicates
  merged, keeping the highest level that landed on each value. Level 0 is the reference
  minimum and the last level its maximum.

  When a model's reference holds more than `edge_sample_rows` rows, the cuts come from a
  deterministic sample of about that many rows (stable_fraction of the prediction id): cuts
  only define bins, every statistic is then exact for those bins.

  Frozen once computed (see reference_plan).
-#}
{{ retrain_gate.staged_rows_dependencies() }}
{{ config(**retrain_gate.incremental_table(
    ['model_id', 'feature'], hooks=["{{ retrain_gate.delete_unmonitored_features('numeric') }}"])) }}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__reference_cuts') -%}
{%- set string_type = dbt.type_string() -%}
{%- set double_type = retrain_gate.type_double() -%}
{%- if plan | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', string_type), ('feature', string_type), ('cut_index', dbt.type_int()),
    ('cut_value', double_type), ('quantile_level', dbt.type_int()), ('histogram_bins', dbt.type_int()),
    ('sample_values', dbt.type_bigint()), ('bins_fingerprint', string_type),
    ('edges_start', 'date'), ('edges_end', 'date'), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
{%- set by_model = plan | groupby('model.model_id') %}
with
{%- for model_id, items in by_model %}
{%- set m = items[0].model %}
reference_size_{{ loop.index }} as (
    select count(*) as n_reference
    from ({{ retrain_gate.staged_model_rows(m) }}) as staged_model
    where
        event_at >= cast('{{ items[0].start }}' as {{ dbt.type_timestamp() }})
        and event_at < cast('{{ retrain_gate.shift_date(items[0].end, 1) }}' as {{ dbt.type_timestamp() }})
),

sample_{{ loop.index }} as (
    select
        {%- for item in items %}
        {{ item.feature.slot }}{{ ',' if not loop.last }}
        {%- endfor %}
    from ({{ retrain_gate.staged_model_rows(m) }}) as staged_model
    cross join reference_size_{{ loop.index }}
    where
        event_at >= cast('{{ items[0].start }}' as {{ dbt.type_timestamp() }})
        and event_at < cast('{{ retrain_gate.shift_date(items[0].end, 1) }}' as {{ dbt.type_timestamp() }})
        and {{ retrain_gate.stable_fraction('prediction_id') }} < {{ m.edge_sample_rows }} * 1.0 / nullif(n_reference, 0)
),
{%- endfor %}

sampled_values as (
    {%- for model_id, items in by_model %}
    {%- set sample_index = loop.index %}
    {%- for item in items %}
    select
        cast('{{ model_id }}' as {{ string_type }}) as model_id,
        cast('{{ item.feature.name }}' as {{ string_type }}) as feature,
        {{ item.feature.slot }} as value,
        {{ item.model.histogram_bins }} as histogram_bins,
        cast('{{ item.fingerprint }}' as {{ string_type }}) as bins_fingerprint,
        {{ retrain_gate.date_literal(item.start) }} as edges_start,
        {{ retrain_gate.date_literal(item.end) }} as edges_end
    from sample_{{ sample_index }}
    where {{ item.feature.slot }} is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

ranked as (
    select
        *,
        row_number() over (partition by model_id, feature order by value) as value_rank,
        count(*) over (partition by model_id, feature) as sample_values
    from sampled_values
),

levels as (
    {{ retrain_gate.whole_numbers(plan | map(attribute='model.histogram_bins') | max + 1) }}
),

-- the rank that holds each quantile level: max(1, ceil(level * n / histogram_bins))
level_ranks as (
    select
        sizes.model_id,
        sizes.feature,
        levels.n as quantile_level,
        cast(greatest(1, floor((levels.n * sizes.sample_values + sizes.histogram_bins - 1) / sizes.histogram_bins)) as {{ dbt.type_bigint() }}) as value_rank
    from (select distinct model_id, feature, sample_values, histogram_bins from ranked) as sizes
    inner join levels on levels.n <= sizes.histogram_bins
),

cuts as (
    select
        ranked.model_id,
        ranked.feature,
        ranked.value as cut_value,
        max(level_ranks.quantile_level) as quantile_level,
        max(ranked.histogram_bins) as histogram_bins,
        max(ranked.sample_values) as sample_values,
        max(ranked.bins_fingerprint) as bins_fingerprint,
        max(ranked.edges_start) as edges_start,
        max(ranked.edges_end) as edges_end
    from ranked
    inner join level_ranks
        on
            ranked.model_id = level_ranks.model_id
            and ranked.feature = level_ranks.feature
            and ranked.value_rank = level_ranks.value_rank
    group by ranked.model_id, ranked.feature, ranked.value
)

select
    model_id,
    feature,
    cast(row_number() over (partition by model_id, feature order by cut_value) - 1 as {{ dbt.type_int() }}) as cut_index,
    cut_value,
    cast(quantile_level as {{ dbt.type_int() }}) as quantile_level,
    cast(histogram_bins as {{ dbt.type_int() }}) as histogram_bins,
    cast(sample_values as {{ dbt.type_bigint() }}) as sample_values,
    bins_fingerprint,
    edges_start,
    edges_end,
    {{ retrain_gate.run_timestamp() }} as computed_at
from cuts
{%- endif %}
