{#-
  Daily trust profiles: per model x day x segment, how many predictions were made (n_scored:
  each a scored decision) and how many a person overrode (n_overridden: the override flag is
  1; a null flag counts as not overridden). The segment shares of segment_mix and the override
  rates of override_rate are sums of these rows. Not lagged: overrides are known the day they
  happen. Incremental like the other daily tables; only models with segments or an override
  flag take part.
-#}
{{ retrain_gate.staged_rows_dependencies() }}
{{ config(**retrain_gate.incremental_table(['model_id', 'profile_date'], 'int_retrain_gate__daily_trust_profile')) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__daily_trust_profile') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__daily_trust_profile') -%}
{%- set models = cfg.models | selectattr('model_id', 'in', fingerprints.keys() | list) | list -%}
{%- set text = dbt.type_string() -%}
{%- if models | length == 0 %}
{{ retrain_gate.empty_relation([
    ('model_id', text), ('profile_date', 'date'), ('segment_name', text), ('segment_value', text),
    ('n_scored', dbt.type_bigint()), ('n_overridden', dbt.type_bigint()),
    ('fingerprint', text), ('computed_at', dbt.type_timestamp())]) }}
{%- else %}
with
{%- for m in models %}
{%- set group_columns = ['event_date'] + m.segments | map(attribute='slot') | list %}
finest_{{ loop.index }} as (
    select
        {{ group_columns | join(', ') }},
        count(*) as n_scored,
        coalesce(sum(overridden), 0) as n_overridden
    from ({{ retrain_gate.staged_rows(m, plan, group_columns + ['overridden']) }}) as staged
    group by {{ group_columns | join(', ') }}
),
{%- endfor %}

daily as (
    {%- for m in models %}
    {{ retrain_gate.sum_over_segment_levels(m, 'finest_' ~ loop.index, [], ['n_scored', 'n_overridden']) }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    daily.model_id,
    daily.profile_date,
    daily.segment_name,
    daily.segment_value,
    cast(daily.n_scored as {{ dbt.type_bigint() }}) as n_scored,
    cast(daily.n_overridden as {{ dbt.type_bigint() }}) as n_overridden,
    {{ retrain_gate.row_provenance('daily.model_id', fingerprints) }}
from daily
{%- endif %}
