{#-
  Trust checks: whether the people using the model still trust it, and whether its population
  changed its make-up, per model x evaluation date, the window (the window_days ending on the
  evaluation date, not lagged: overrides are known at once) against the reference, from the
  daily trust profiles. Statuses come from the thresholds in retrain_gate_signals.

  The checks are the registry's of the family trust but mix_attribution, which the outcome
  model computes (macro check_names); each is the macro check_<name> in
  macros/checks/trust/<name>.sql, whose header gives its formula, and a check that reads
  CTEs of its own brings them in check_<name>_inputs.

  Incremental: an evaluation date is recomputed when it is new or a trust profile day it
  covers was rewritten since the last run.
-#}
-- depends_on: {{ ref('int_retrain_gate__daily_trust_profile') }}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'eval_date'], 'int_retrain_gate__trust_checks')) }}
{%- set fingerprints = retrain_gate.plan_fingerprints('int_retrain_gate__trust_checks') -%}
{%- set plan = retrain_gate.node_plan('int_retrain_gate__trust_checks') -%}
{%- set spans = retrain_gate.eval_calendar(plan) | selectattr('m.model_id', 'in', fingerprints.keys() | list) | list -%}
{%- set double = retrain_gate.type_double() -%}
{%- if spans | length == 0 %}
{{ retrain_gate.empty_relation(retrain_gate.check_row_columns()) }}
{%- else %}
{%- set extra = {} %}
{%- for span in spans %}
{%- do extra.update({span.m.model_id: [('1' if span.m.overrides else '0', 'has_overrides'),
                                       ('cast(' ~ span.m.psi_epsilon ~ ' as ' ~ double ~ ')', 'psi_epsilon')]}) %}
{%- endfor %}
with {{ retrain_gate.evaluation_frames(spans, fingerprints, extra=extra) }},

profiles as (
    select profiles.*
    from {{ ref('int_retrain_gate__daily_trust_profile') }} as profiles
    inner join settings on profiles.model_id = settings.model_id
),

-- window and reference counts per evaluation date and segment value
counts as (
    {{ retrain_gate.window_and_reference_sums('profiles', ['segment_name', 'segment_value'],
        {'n_scored': 'profiles.n_scored', 'n_overridden': 'profiles.n_overridden'}, frames='eval_dates') }}
),

{{ retrain_gate.check_inputs('trust') }}
trust_checks as (
    {{ retrain_gate.check_union('trust') }}
),

checks as (
    select
        trust_checks.*,
        eval_dates.window_start,
        eval_dates.window_end,
        eval_dates.reference_start,
        eval_dates.reference_end
    from trust_checks
    inner join eval_dates on trust_checks.model_id = eval_dates.model_id and trust_checks.eval_date = eval_dates.eval_date
)

{{ retrain_gate.check_rows() }}
{%- endif %}
