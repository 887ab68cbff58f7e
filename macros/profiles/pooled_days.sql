{#-
  The days a day-level check (sample 'day': the integrity checks and daily_psi) pools for each
  evaluation date. Judged on the evaluation day alone, a model scoring fewer than min_day_rows
  a day would never be judged; so the trailing days ending on the evaluation date are pooled,
  the fewest that hold min_day_rows of `count`, up to window_days days (if even those fall
  short, all of them: the check stays insufficient_data by its count). A day holding
  min_day_rows is its own pool, so high volumes are judged day by day. Only an evaluation day
  with a row of its own is judged: a day without rows pools nothing.

  Decided per model x evaluation date x `keys` from `daily` (model_id, profile_date, `keys`,
  `count`, summed per day). Needs the CTEs `settings` (model_id, first_eval_date, window_days,
  min_day_rows), `eval_dates` (model_id, eval_date, window_start) and `day_offsets` (0 ..
  window_days - 1 at least) in scope. Returns one row per pooled day with a row: model_id,
  eval_date, `keys`, window_start (the pool is window_start .. eval_date), profile_date.
-#}
{% macro pooled_days(daily, keys, count) %}
  {%- set key_list = keys | join(', ') -%}
  {%- set pool = 'partition by model_id, eval_date, ' ~ key_list -%}
  select model_id, eval_date, {{ key_list }}, window_start, profile_date
  from (
    select
      *,
      coalesce(
        max(case when pooled_count >= min_day_rows then profile_date end) over ({{ pool }}),
        window_floor
      ) as window_start,
      min(age) over ({{ pool }}) as youngest_age
    from (
      select
        days.*,
        eval_dates.window_start as window_floor,
        sum(days.day_count) over (
          partition by days.model_id, days.eval_date{% for key in keys %}, days.{{ key }}{% endfor %}
          order by days.profile_date desc rows between unbounded preceding and current row
        ) as pooled_count
      from (
        -- each day pushed forward to the evaluation dates whose pools may hold it
        select
          per_day.model_id,
          {{ retrain_gate.add_days('per_day.profile_date', 'day_offsets.n') }} as eval_date,
          {%- for key in keys %}
          per_day.{{ key }},
          {%- endfor %}
          per_day.profile_date,
          per_day.day_count,
          settings.min_day_rows,
          day_offsets.n as age
        from (
          select model_id, profile_date, {{ key_list }}, sum({{ count }}) as day_count
          from {{ daily }} as daily
          group by model_id, profile_date, {{ key_list }}
        ) as per_day
        inner join settings on per_day.model_id = settings.model_id
        inner join day_offsets on settings.window_days > day_offsets.n
        where per_day.profile_date >= {{ retrain_gate.add_days('settings.first_eval_date', '1 - settings.window_days') }}
      ) as days
      inner join eval_dates on days.model_id = eval_dates.model_id and days.eval_date = eval_dates.eval_date
    ) as running
  ) as pooled
  where youngest_age = 0 and profile_date >= window_start
{%- endmacro %}
