{#-
  The breach streaks of the signals: from `judged` (a CTE of judged signal rows with their
  `segment` and `status`), the CTEs `carried`, `streaks` and `dated`, the last with
  first_breach_date (the first date of the unbroken run of breaches a breach belongs to) and
  consecutive_days (how many dates that run has lasted, 1 on its first; 0 when not a breach).
  A run is consecutive rows of one series (model, family, check, subject, segment) in date
  order. `carries`: this run recomputes some models from a date (`recomputed.start_date`, not
  null) rather than in full, so a run of breaches that the stored rows end on goes on into the
  recomputed dates, as a rebuild would count it.
-#}
{% macro breach_streaks(carries) %}
{%- set text = dbt.type_string() -%}
-- the streak each series was on at the newest row stored before its recomputed dates, if it
-- breached: the series' newest date by an aggregate (a window over every stored row sorted them
-- all: 1.6 s of a nightly's 2.9 s at 100 models x 60 days, bench/README.md)
carried as (
    {%- if carries %}
    select
        kept.model_id,
        kept.family,
        kept.check_name,
        kept.subject,
        kept.segment,
        kept.first_breach_date,
        kept.consecutive_days
    from {{ this }} as kept
    inner join (
        select
            stored_rows.model_id,
            stored_rows.family,
            stored_rows.check_name,
            stored_rows.subject,
            stored_rows.segment,
            max(stored_rows.eval_date) as eval_date
        from {{ this }} as stored_rows
        inner join recomputed on stored_rows.model_id = recomputed.model_id and stored_rows.eval_date < recomputed.start_date
        group by stored_rows.model_id, stored_rows.family, stored_rows.check_name, stored_rows.subject, stored_rows.segment
    ) as newest
        on
            kept.model_id = newest.model_id
            and kept.family = newest.family
            and kept.check_name = newest.check_name
            and kept.subject = newest.subject
            and kept.segment = newest.segment
            and kept.eval_date = newest.eval_date
    where kept.status = 'breach'
    {%- else %}
    {{ retrain_gate.empty_relation([('model_id', text), ('family', text), ('check_name', text), ('subject', text), ('segment', text),
        ('first_breach_date', 'date'), ('consecutive_days', dbt.type_int())]) }}
    {%- endif %}
),

-- streaks: a run of consecutive breaching evaluation dates (they are daily and contiguous);
-- group 0 is the run the recomputed dates start with, which a carried streak continues
streaks as (
    select
        judged.*,
        carried.first_breach_date as carried_first_breach_date,
        coalesce(carried.consecutive_days, 0) as carried_days,
        sum(case when judged.status = 'breach' then 0 else 1 end) over (
            partition by judged.model_id, judged.family, judged.check_name, judged.subject, judged.segment
            order by judged.eval_date
            rows between unbounded preceding and current row
        ) as streak_group
    from judged
    left join carried
        on
            judged.model_id = carried.model_id
            and judged.family = carried.family
            and judged.check_name = carried.check_name
            and judged.subject = carried.subject
            and judged.segment = carried.segment
),

dated as (
    select
        *,
        case when status = 'breach' then coalesce(
            case when streak_group = 0 then carried_first_breach_date end,
            min(case when status = 'breach' then eval_date end) over (
                partition by model_id, family, check_name, subject, segment, streak_group
            )
        ) end as first_breach_date,
        case when status = 'breach' then sum(case when status = 'breach' then 1 else 0 end) over (
            partition by model_id, family, check_name, subject, segment, streak_group
            order by eval_date rows between unbounded preceding and current row
        ) + case when streak_group = 0 then carried_days else 0 end else 0 end as consecutive_days
    from streaks
)
{%- endmacro %}
