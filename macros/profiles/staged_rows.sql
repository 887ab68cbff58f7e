{#-
  The staged rows (staged_model_rows) of one monitored model that an incremental run reads: all
  of them when the plan says `full`, else those from the plan's start date on and those of its
  `redo` days, and none after `last_day` when it is given. The bounds are literals on event_at, so engines prune
  by them (zone maps, partitions, indexes) and read only the days they need.
-#}
{% macro staged_rows(m, plan, columns, last_day=none) %}
  {%- set timestamp = dbt.type_timestamp() -%}
  {%- set step = plan[m.model_id] -%}
  {%- set bounds = [] -%}
  {%- if not step.full -%}
    {%- set days = ["event_at >= cast('" ~ step.start ~ "' as " ~ timestamp ~ ")"] -%}
    {%- for day in step.redo -%}
      {%- do days.append("(event_at >= cast('" ~ day ~ "' as " ~ timestamp ~ ") and event_at < cast('" ~ retrain_gate.shift_date(day, 1) ~ "' as " ~ timestamp ~ "))") -%}
    {%- endfor -%}
    {%- do bounds.append('(' ~ days | join(' or ') ~ ')') -%}
  {%- endif -%}
  {%- if last_day is not none -%}
    {%- do bounds.append("event_at < cast('" ~ retrain_gate.shift_date(last_day, 1) ~ "' as " ~ timestamp ~ ")") -%}
  {%- endif %}
  select {{ columns | join(', ') }}
  from ({{ retrain_gate.staged_model_rows(m, columns + ['event_at']) }}) as staged_model
  {%- if bounds %}
  where {{ bounds | join(' and ') }}
  {%- endif %}
{%- endmacro %}


{#-
  The levels a model's daily rows are rolled up to, from rows counted per day x every segment
  column: the whole population (segment '(all)') and each segment column on its own.
  Each level: {keys: the columns to group by, name: segment_name literal, value: segment_value
  expression over those keys}.
-#}
{% macro segment_levels(m) %}
  {%- set levels = [{'keys': ['event_date'], 'name': "'(all)'", 'value': "'(all)'"}] -%}
  {%- for segment in m.segments -%}
    {%- do levels.append({'keys': ['event_date', segment.slot], 'name': "'" ~ segment.column ~ "'", 'value': segment.slot}) -%}
  {%- endfor -%}
  {{ return(levels) }}
{% endmacro %}


{#- The leading columns of a rolled-up daily row: model_id, profile_date, segment_name, segment_value. -#}
{% macro segment_level_columns(m, level, relation) %}
    {%- set text = dbt.type_string() %}
    cast('{{ m.model_id }}' as {{ text }}) as model_id,
    {{ relation }}.event_date as profile_date,
    cast({{ level.name }} as {{ text }}) as segment_name,
    cast({{ level.value if level.value.startswith("'") else relation ~ '.' ~ level.value }} as {{ text }}) as segment_value
{%- endmacro %}


{#-
  Daily rows counted per day x every segment column (`source`), summed to every segment level
  (segment_levels): model_id, profile_date, segment_name, segment_value, then `keys` and the
  sums of `measures`. Counts add up, so the rollup is a plain sum.
-#}
{% macro sum_over_segment_levels(m, source, keys, measures) %}
  {%- for level in retrain_gate.segment_levels(m) %}
  select
    {{ retrain_gate.segment_level_columns(m, level, 'rolled') }},
    {%- for column in keys + measures %}
    rolled.{{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
  from (
    select
      {{ (level['keys'] + keys) | join(', ') }},
      {%- for measure in measures %}
      sum({{ measure }}) as {{ measure }}{{ ',' if not loop.last }}
      {%- endfor %}
    from {{ source }}
    group by {{ (level['keys'] + keys) | join(', ') }}
  ) as rolled
  {{ 'union all' if not loop.last }}
  {%- endfor %}
{%- endmacro %}
