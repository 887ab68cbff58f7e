{#-
  The rows of each monitored model's relation that do not count as one prediction each, one
  row per model and problem with how many rows it concerns (n_rows; the warning's count is
  their sum):
    no timestamp      left out of staging: the row has no day
    no prediction id  left out of staging: nothing to join its label to
    duplicate id      every copy counts as a prediction; n_rows is the extra copies (a copy
                      more than duplicate_id_days after its id's previous day is not counted)
  A warning, not an error: the rest of the log is still monitored. It sums the daily counts of
  int_retrain_gate__daily_unusable_rows, which a nightly run updates from the new days only.
  A relation that does not exist is the staging model's error to report: that model, and so
  this test, are skipped.
-#}
{{ config(severity='warn', fail_calc='coalesce(sum(n_rows), 0)') }}
{%- set model_ids = retrain_gate.get_config().models | map(attribute='model_id') | list %}
with totals as (
    select
        model_id,
        sum(n_no_timestamp) as no_timestamp,
        sum(n_no_id) as no_id,
        sum(n_duplicate_ids) as duplicates
    from {{ ref('int_retrain_gate__daily_unusable_rows') }}
    -- a model no longer configured keeps its old rows: not counted
    where model_id in ('{{ model_ids | join("', '") }}')
    group by model_id
),

unusable as (
    {%- for column, problem in [('no_timestamp', 'no timestamp'), ('no_id', 'no prediction id'), ('duplicates', 'duplicate id')] %}
    select
        model_id,
        cast('{{ problem }}' as {{ dbt.type_string() }}) as problem,
        cast({{ column }} as {{ dbt.type_bigint() }}) as n_rows
    from totals
    {{ 'union all' if not loop.last }}
    {%- endfor %}
)

select
    model_id,
    problem,
    n_rows
from unusable
where n_rows > 0
