{#-
  The rows of each monitored model's relation that do not count as one prediction each, per
  model and day (the UTC date of the timestamp, as in staging), read from the relation itself:
  staging leaves these rows out. n_no_id counts the rows without a prediction id;
  n_duplicate_ids the extra copies of an id: every copy after the first on the same day, and
  the first copy on a day when the id was already seen on one of the duplicate_id_days days
  before it. A copy more than duplicate_id_days days after the id's previous day is not counted.
  Rows without a timestamp have no day: the row of profile_date 1900-01-01 counts all of them
  (n_no_timestamp), rewritten on every run by a filter `timestamp is null`.

  Incremental like the daily profiles: a nightly run reads the rows from the plan's start date
  on, plus the id and day of the duplicate_id_days days before it (the copies it compares
  with), and the rows without a timestamp; never the whole history. It depends on the staging
  model, which checks the configured columns: a relation that does not exist is its error,
  and this model is skipped.
-#}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'profile_date'], 'int_retrain_gate__daily_unusable_rows')) }}
{%- set cfg = retrain_gate.get_config() %}
{#- resolve_columns also reads labels.relation, at run time only: declare it here, at parse time #}
{%- for m in cfg.models if (m.labels or {}).get('relation') %}
-- depends_on: {{ retrain_gate.spec_relation(m.labels.relation) }}
{%- endfor %}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__daily_unusable_rows') %}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__daily_unusable_rows') %}
{%- set bigint = dbt.type_bigint() %}
{%- set timestamp = dbt.type_timestamp() %}
{#- the profile_date of the rows without a timestamp, which have no day -#}
{%- set no_day = '1900-01-01' %}
with
{%- for m in cfg.models %}
{%- set i = loop.index %}
{%- set resolved = retrain_gate.resolve_columns(m).columns %}
{%- set ts, id = resolved[m.timestamp], resolved[m.prediction_id].sql %}
{%- set event_at = retrain_gate.utc_timestamp(ts.sql, ts.dtype) %}
{%- set step = plan[m.model_id] %}
{%- set relation = retrain_gate.spec_relation(m.relation) %}
-- the rows with a timestamp: from duplicate_id_days before the plan's start on, or all of them
dated_{{ i }} as (
    select
        cast({{ event_at }} as date) as event_date,
        {{ id }} as prediction_id
    from {{ relation }}
    {%- if step.full %}
    where {{ ts.sql }} is not null
    {%- else %}
    where {{ event_at }} >= cast('{{ retrain_gate.shift_date(step.start, 0 - m.duplicate_id_days) }}' as {{ timestamp }})
    {%- endif %}
),

-- each id once per day, with the day it was last seen on before
id_days_{{ i }} as (
    select
        event_date,
        lag(event_date) over (partition by prediction_id order by event_date) as previous_date
    from (
        select distinct
            event_date,
            prediction_id
        from dated_{{ i }}
        where prediction_id is not null
    ) as ids
),

repeated_{{ i }} as (
    select
        event_date,
        count(*) as n_repeated
    from id_days_{{ i }}
    where
        {{ retrain_gate.days_between('previous_date', 'event_date') }}
        <= {{ m.duplicate_id_days }}
    group by event_date
),

days_{{ i }} as (
    select
        event_date,
        count(*) as n_rows,
        count(*) - count(prediction_id) as n_no_id,
        count(prediction_id) - count(distinct prediction_id) as n_same_day
    from dated_{{ i }}
    {%- if not step.full %}
    where event_date >= {{ retrain_gate.date_literal(step.start) }}
    {%- endif %}
    group by event_date
),

counts_{{ i }} as (
    select
        days_{{ i }}.event_date as profile_date,
        days_{{ i }}.n_rows,
        0 as n_no_timestamp,
        days_{{ i }}.n_no_id,
        days_{{ i }}.n_same_day + coalesce(repeated_{{ i }}.n_repeated, 0) as n_duplicate_ids
    from days_{{ i }}
    left join repeated_{{ i }} on days_{{ i }}.event_date = repeated_{{ i }}.event_date
    union all
    select
        {{ retrain_gate.date_literal(no_day) }} as profile_date,
        count(*) as n_rows,
        count(*) as n_no_timestamp,
        0 as n_no_id,
        0 as n_duplicate_ids
    from {{ relation }}
    where {{ ts.sql }} is null
),
{%- endfor %}

unusable as (
    {%- for m in cfg.models %}
    select
        cast('{{ m.model_id }}' as {{ dbt.type_string() }}) as model_id,
        profile_date,
        n_rows,
        n_no_timestamp,
        n_no_id,
        n_duplicate_ids
    from counts_{{ loop.index }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    unusable.model_id,
    unusable.profile_date,
    cast(unusable.n_rows as {{ bigint }}) as n_rows,
    cast(unusable.n_no_timestamp as {{ bigint }}) as n_no_timestamp,
    cast(unusable.n_no_id as {{ bigint }}) as n_no_id,
    cast(unusable.n_duplicate_ids as {{ bigint }}) as n_duplicate_ids,
    {{ retrain_gate.row_provenance('unusable.model_id', fingerprints) }}
from unusable
