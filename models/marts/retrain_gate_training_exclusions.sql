{#-
  retrain_gate_training_exclusions: per model, the date ranges (and segments) a retrain must
  leave out of its training data, rebuilt from the signals on every run:
    event            an annotated event (stg_retrain_gate__events) of the model or of all
                     models: its days, whole population
    broken_input     a run of integrity breaches of a feature or the source: the days it
                     breached, in its segment ('all' or one segment value)
    transient_shift  a run of daily_psi breaches that ended before persistence_days: traffic
                     that came and went (a campaign nobody annotated), whole population
  One row per range, with the subject and a sentence.
-#}
{{ config(materialized='table') }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set text = dbt.type_string() %}
with settings as (
    {%- for m in cfg.models %}
    select
        '{{ m.model_id }}' as model_id,
        {{ m.persistence_days }} as persistence_days
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

-- each run of breaches: its first and last day
runs as (
    select
        signals.model_id,
        signals.family,
        signals.check_name,
        signals.subject,
        signals.segment,
        signals.first_breach_date as start_date,
        max(signals.eval_date) as end_date,
        max(signals.consecutive_days) as n_days
    from {{ ref('retrain_gate_signals') }} as signals
    where
        signals.status = 'breach'
        and (signals.family = 'integrity' or (signals.check_name = 'daily_psi' and signals.segment = 'all'))
    group by signals.model_id, signals.family, signals.check_name, signals.subject, signals.segment, signals.first_breach_date
),

exclusions as (
    select
        settings.model_id,
        events.start_date,
        events.end_date,
        'all' as segment,
        'event' as reason_kind,
        events.kind as subject,
        {{ dbt.concat(['events.kind', "': '", 'events.description']) }} as reason
    from {{ ref('stg_retrain_gate__events') }} as events
    inner join settings on events.model_id is null or events.model_id = settings.model_id

    union all

    select
        runs.model_id,
        runs.start_date,
        runs.end_date,
        runs.segment,
        'broken_input' as reason_kind,
        runs.subject,
        {{ dbt.concat(['runs.check_name', "' breached on '", 'runs.subject', "' for '",
                       'cast(runs.n_days as ' ~ text ~ ')', "' days'"]) }} as reason
    from runs
    where runs.family = 'integrity'

    union all

    select
        runs.model_id,
        runs.start_date,
        runs.end_date,
        runs.segment,
        'transient_shift' as reason_kind,
        runs.subject,
        {{ dbt.concat(["'the day''s psi breached on '", 'runs.subject', "' for '",
                       'cast(runs.n_days as ' ~ text ~ ')', "' days, then stopped'"]) }} as reason
    from runs
    inner join settings on runs.model_id = settings.model_id
    -- ended before the as-of date, and too short to be a lasting change
    where
        runs.family = 'drift'
        and runs.n_days < settings.persistence_days
        and runs.end_date < {{ retrain_gate.date_literal(cfg.as_of) }}
)

select
    cast(model_id as {{ text }}) as model_id,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    cast(segment as {{ text }}) as segment,
    cast(reason_kind as {{ text }}) as reason_kind,
    cast(subject as {{ text }}) as subject,
    cast(reason as {{ text }}) as reason
from exclusions
