{#-
  What an incremental, per-model table recomputes in this run, for each monitored model:
    {model_id: {'full': bool, 'start': 'YYYY-MM-DD' or none, 'redo': ['YYYY-MM-DD', ...]}}
  `full` (recompute all of the model's history) when the table is new or rebuilt, the model has
  no rows yet, or the fingerprint stored on its rows differs from `fingerprints[model_id]` (its
  settings or its reference bins changed). Otherwise `start` is the first date to recompute:
  `lookback_days` before the day after the latest `date_column` already stored, so late rows of
  those days are counted too. `upstream`, a list of (relation, date column) pairs: their rows
  written since this table's last run move the plan: without `reach`, `start` goes back to
  their first date; with `reach` (a macro (m, upstream day) -> the dates of this table
  that day feeds, or none for all of them), exactly those dates before `start` are recomputed,
  in `redo`, and nothing in between (none: the model in full).
-#}
{% macro incremental_plan(date_column, fingerprints, upstream=[], reach=none) %}
  {%- set cfg = retrain_gate.get_config() -%}
  {%- set stored = {} -%}
  {%- if execute and is_incremental() -%}
    {%- set rows = run_query('select model_id, max(' ~ date_column ~ '), min(fingerprint), max(fingerprint), max(computed_at) from '
        ~ this ~ ' group by model_id') -%}
    {%- for row in rows -%}
      {%- do stored.update({row[0]: {'last': row[1] | string, 'fingerprint': row[2] if row[2] == row[3] else none, 'computed_at': row[4]}}) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- set touched = {} -%}
  {%- set written = [] -%}
  {%- set timestamp = dbt.type_timestamp() -%}
  {%- for relation, upstream_date_column in upstream if stored | length > 0 and load_relation(relation) is not none -%}
    {%- set conditions = [] -%}
    {%- for model_id, previous in stored.items() -%}
      {%- do conditions.append("(model_id = '" ~ model_id ~ "' and computed_at > cast('" ~ previous.computed_at ~ "' as " ~ timestamp ~ "))") -%}
    {%- endfor -%}
    {%- do written.append('select model_id, ' ~ upstream_date_column ~ ' as written_date from ' ~ relation ~ ' where ' ~ conditions | join(' or ')) -%}
  {%- endfor -%}
  {%- if written | length > 0 -%}
    {%- set rows = run_query('select distinct model_id, written_date from (' ~ written | join(' union all ') ~ ') as written') -%}
    {%- for row in rows -%}{%- do touched.setdefault(row[0], []).append(row[1] | string) -%}{%- endfor -%}
  {%- endif -%}
  {%- set plan = {} -%}
  {%- for m in cfg.models -%}
    {%- set previous = stored.get(m.model_id) -%}
    {%- if previous is none or previous.fingerprint != fingerprints.get(m.model_id) -%}
      {%- do plan.update({m.model_id: {'full': true, 'start': none, 'redo': []}}) -%}
    {%- else -%}
      {%- set start = retrain_gate.shift_date(previous['last'], 1 - m.lookback_days) -%}
      {%- set days = touched.get(m.model_id, []) -%}
      {%- set step = {'full': false, 'start': ([start] + days) | min, 'redo': []} -%}
      {%- if reach is not none -%}
        {%- do step.update({'start': start}) -%}
        {%- for day in days -%}
          {%- set dates = reach(m, day) -%}
          {%- if dates is none -%}
            {%- do step.update({'full': true, 'start': none}) -%}
          {%- else -%}
            {%- do step.redo.extend(dates | select('lt', start) | list) -%}
          {%- endif -%}
        {%- endfor -%}
        {%- do step.update({'redo': [] if step.full else step.redo | unique | sort}) -%}
      {%- endif -%}
      {%- do plan.update({m.model_id: step}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(plan) }}
{% endmacro %}


{#-
  Pre-hook of the incremental per-model tables: deletes the rows of every model the plan
  recomputes in full, so rows of dates that no longer exist do not linger. delete+insert then
  replaces the recomputed dates of the other models.
-#}
{% macro delete_models_recomputed_in_full(plan) %}
  {%- set full = plan.items() | selectattr('1.full') | map(attribute='0') | list -%}
  {%- if execute and is_incremental() and full | length > 0 -%}
    {{ adapter.dispatch('delete_models', 'retrain_gate')(this, full) }}
  {%- else -%}
    select 1
  {%- endif -%}
{% endmacro %}

{% macro default__delete_models(relation, model_ids) %}
  delete from {{ relation }} where model_id in ('{{ model_ids | join("', '") }}')
{%- endmacro %}

{#- Parquet tables cannot delete rows: drop the models' partitions (model_id is the first partition column). -#}
{% macro spark__delete_models(relation, model_ids) %}
  alter table {{ relation }} drop if exists
  {%- for model_id in model_ids %} partition (model_id = '{{ model_id }}'){{ ',' if not loop.last }}{% endfor %}
{%- endmacro %}
