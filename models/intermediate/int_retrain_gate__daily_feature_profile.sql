{#-
  Daily feature profiles: per model x day x segment x feature, the rows, nulls and, for numeric
  features (and the score), min, max, mean and m2, m3, m4 (the sums of the 2nd, 3rd and 4th
  powers of the deviations from the day's mean, so windows combine exactly; variance =
  m2 / (n_values - 1), kurtosis = n_values * m4 / m2^2, which scale_shift's noise needs), and the
  newest updated_at of the features that have one. NaN and infinities count as nulls.

  Incremental like the daily histograms: only the staged rows from the plan's start date are read.
-#}
{{ retrain_gate.staged_rows_dependencies() }}
{{ config(**retrain_gate.incremental_table(['model_id', 'profile_date'], 'int_retrain_gate__daily_feature_profile')) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__daily_feature_profile') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__daily_feature_profile') -%}
{%- set string_type = dbt.type_string() -%}
{%- set double_type = retrain_gate.type_double() -%}
{%- set bigint = dbt.type_bigint() -%}
{%- set sql_types = {'n_values': bigint, 'max_updated_at': dbt.type_timestamp()} -%}
with
{%- for m in cfg.models %}
{%- set model_index = loop.index %}
{%- set group_columns = ['event_date'] + m.segments | map(attribute='slot') | list %}
staged_{{ model_index }} as (
    {{ retrain_gate.staged_rows(m, plan, group_columns + m.features | map(attribute='slot') | list
        + m.features | selectattr('updated_slot') | map(attribute='updated_slot') | list) }}
),

{%- set centred = ['staged_' ~ model_index ~ '.*'] %}
{%- for feature in m.features %}
{%- if feature.kind == 'numeric' %}
{%- set day_mean = 'avg(' ~ feature.slot ~ ') over (partition by ' ~ group_columns | join(', ') ~ ')' %}
{%- do centred.append(feature.slot ~ ' - ' ~ day_mean ~ ' as deviation_' ~ loop.index) %}
{%- endif %}
{%- endfor %}
-- each numeric value's deviation from its day x segments mean: central moments in one more pass
centred_{{ model_index }} as (
    select
        {{ centred | join(',\n        ') }}
    from staged_{{ model_index }}
),

{%- set aggregates = ['count(*) as n_rows'] %}
{%- for feature in m.features %}
{%- do aggregates.append('count(' ~ feature.slot ~ ') as n_' ~ loop.index) %}
{%- if feature.kind == 'numeric' %}
{%- do aggregates.append('min(' ~ feature.slot ~ ') as min_' ~ loop.index) %}
{%- do aggregates.append('max(' ~ feature.slot ~ ') as max_' ~ loop.index) %}
{%- do aggregates.append('avg(' ~ feature.slot ~ ') as mean_' ~ loop.index) %}
{%- do aggregates.append('var_pop(' ~ feature.slot ~ ') * count(' ~ feature.slot ~ ') as m2_' ~ loop.index) %}
{%- set deviation = 'deviation_' ~ loop.index %}
{%- do aggregates.append('sum(' ~ deviation ~ ' * ' ~ deviation ~ ' * ' ~ deviation ~ ') as m3_' ~ loop.index) %}
{%- do aggregates.append('sum(' ~ deviation ~ ' * ' ~ deviation ~ ' * ' ~ deviation ~ ' * ' ~ deviation ~ ') as m4_' ~ loop.index) %}
{%- endif %}
{%- if feature.updated_slot %}
{%- do aggregates.append('max(' ~ feature.updated_slot ~ ') as updated_' ~ loop.index) %}
{%- endif %}
{%- endfor %}
-- one aggregate pass over the staged rows, per day x segment combination
wide_{{ model_index }} as (
    select
        {{ (group_columns + aggregates) | join(',\n        ') }}
    from centred_{{ model_index }}
    group by {{ group_columns | join(', ') }}
),

{#- the wide row unpivoted, one row per feature: each output column picks that feature's aggregate -#}
{%- set picks = {} %}
{%- for column in ['n_values', 'min_value', 'max_value', 'mean_value', 'm2', 'm3', 'm4', 'max_updated_at'] %}
{%- do picks.update({column: []}) %}
{%- endfor %}
{%- for feature in m.features %}
{%- set i = loop.index %}
{%- do picks.n_values.append('wide.n_' ~ i) %}
{%- for column, stem in [('min_value', 'min_'), ('max_value', 'max_'), ('mean_value', 'mean_'),
                        ('m2', 'm2_'), ('m3', 'm3_'), ('m4', 'm4_')] %}
{%- do picks[column].append('wide.' ~ stem ~ i if feature.kind == 'numeric' else none) %}
{%- endfor %}
{%- do picks.max_updated_at.append('wide.updated_' ~ i if feature.updated_slot else none) %}
{%- endfor %}
{%- set unpivoted = [] %}
{%- for column in group_columns + ['n_rows'] %}{%- do unpivoted.append('wide.' ~ column) %}{%- endfor %}
{%- do unpivoted.append('features.feature') %}
{%- for column, expressions in picks.items() %}
{%- set sql_type = sql_types.get(column, double_type) %}
{%- do unpivoted.append(retrain_gate.at_feature_position(expressions, sql_type, 'features.feature_position') ~ ' as ' ~ column) %}
{%- endfor %}
features_{{ model_index }} as (
    {{ retrain_gate.feature_positions(m.features | map(attribute='name') | list) }}
),

finest_{{ model_index }} as (
    select
        {{ unpivoted | join(',\n        ') }}
    from wide_{{ model_index }} as wide
    cross join features_{{ model_index }} as features
),
{%- endfor %}

daily as (
    {%- for m in cfg.models %}
    {%- set model_index = loop.index %}
    {%- for level in retrain_gate.segment_levels(m) %}
    select
        {{ retrain_gate.segment_level_columns(m, level, 'rolled') }},
        rolled.feature,
        rolled.n_rows,
        rolled.n_values,
        rolled.min_value,
        rolled.max_value,
        rolled.mean_value,
        rolled.m2,
        rolled.m3,
        rolled.m4,
        rolled.max_updated_at
    from ({{ retrain_gate.combine_moments('finest_' ~ model_index, level['keys'] + ['feature'], ['max_updated_at']) }}) as rolled
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    daily.model_id,
    daily.profile_date,
    daily.segment_name,
    daily.segment_value,
    daily.feature,
    cast(daily.n_rows as {{ bigint }}) as n_rows,
    cast(daily.n_rows - daily.n_values as {{ bigint }}) as n_nulls,
    cast(daily.n_values as {{ bigint }}) as n_values,
    daily.min_value,
    daily.max_value,
    daily.mean_value,
    daily.m2,
    daily.m3,
    daily.m4,
    cast(daily.m2 / nullif(daily.n_values - 1, 0) as {{ double_type }}) as variance,
    daily.max_updated_at,
    {{ retrain_gate.row_provenance('daily.model_id', fingerprints) }}
from daily
