{#-
  Daily histograms: per model x day x segment x feature x reference bin, the number of non-null
  values in the bin (bins: int_retrain_gate__reference_bins; empty bins have no row). Every
  drift statistic of any window is computed from sums of these rows, never from raw rows.

  Incremental: a run reads only the staged rows from the plan's start date (new days plus
  `lookback_days` for late rows) and replaces those days; a model whose bins or settings changed
  is recounted in full.
-#}
{{ retrain_gate.staged_rows_dependencies() }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_categories') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'profile_date'], 'int_retrain_gate__daily_feature_histogram')) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set catalog = retrain_gate.reference_bin_catalog() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__daily_feature_histogram') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__daily_feature_histogram') -%}
{%- set models = cfg.models | selectattr('model_id', 'in', catalog.keys() | list) | list -%}
{%- set string_type = dbt.type_string() -%}
{%- if models | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', string_type), ('profile_date', 'date'), ('segment_name', string_type), ('segment_value', string_type),
    ('feature', string_type), ('bin_index', dbt.type_int()), ('n', dbt.type_bigint()),
    ('fingerprint', string_type), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
with
{%- for m in models %}
{%- set model_index = loop.index %}
{%- set bins = catalog[m.model_id] %}
{%- set numeric = [] %}
{%- for feature in m.features if feature.kind == 'numeric' and feature.name in bins %}
{%- do numeric.append({'name': feature.name, 'slot': feature.slot, 'bins': bins[feature.name]}) %}
{%- endfor %}
{%- set categorical = m.features | selectattr('kind', 'equalto', 'categorical') | selectattr('name', 'in', bins.keys() | list) | list %}
{%- set group_columns = ['event_date'] + m.segments | map(attribute='slot') | list %}
-- Each pass reads the staged rows itself, only the columns it needs: a shared CTE of all of
-- them would be materialized in full (every row, every feature) before any pass starts.
finest_{{ model_index }} as (
    {%- if numeric | length > 0 %}
    {%- set numeric_rows = retrain_gate.staged_rows(m, plan, group_columns + numeric | map(attribute='slot') | list) %}
    {{ retrain_gate.numeric_bin_counts('(' ~ numeric_rows ~ ') as staged', group_columns, numeric) }}
    {%- endif %}
    {%- if categorical | length > 0 %}
    {%- set unseen_bins = [] %}
    {%- for feature in categorical %}{%- do unseen_bins.append(bins[feature.name].unseen_bin) %}{%- endfor %}
    {{ 'union all' if numeric | length > 0 }}
    -- a value the reference never saw falls in the "unseen" bin
    select
        {%- for column in group_columns %}
        category_bins.{{ column }},
        {%- endfor %}
        category_bins.feature,
        coalesce(category_bins.bin_index, category_bins.unseen_bin) as bin_index,
        sum(category_bins.n) as n
    from (
        {{ retrain_gate.staged_category_bins(m, plan, categorical, group_columns, {'unseen_bin': unseen_bins}) }}  -- noqa: PRS
    ) as category_bins
    group by
        {%- for column in group_columns %}
        category_bins.{{ column }},
        {%- endfor %}
        category_bins.feature,
        coalesce(category_bins.bin_index, category_bins.unseen_bin)
    {%- endif %}
),
{%- endfor %}

daily as (
    {%- for m in models %}
    {{ retrain_gate.sum_over_segment_levels(m, 'finest_' ~ loop.index, ['feature', 'bin_index'], ['n']) }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    daily.model_id,
    daily.profile_date,
    daily.segment_name,
    daily.segment_value,
    cast(daily.feature as {{ string_type }}) as feature,
    cast(daily.bin_index as {{ dbt.type_int() }}) as bin_index,
    cast(daily.n as {{ dbt.type_bigint() }}) as n,
    {{ retrain_gate.row_provenance('daily.model_id', fingerprints) }}
from daily
{%- endif %}
