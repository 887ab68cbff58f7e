{#-
  verdict_gate: the retrain gate. Fails (returns the rows) when a model's latest decision in
  `model` (retrain_gate_decisions) has the given `verdict`; one row per such model, with its
  reason. The package applies it to retrain_gate_decisions once per verdict, with the severity
  set under `vars.retrain_gate.gates` (defaults: retrain_gate_verdicts): `error` fails
  `dbt build`, `warn` reports it, `off` never fails. `dbt build --select retrain_gate` is then
  the nightly gate a scheduler runs.
-#}
{% test verdict_gate(model, verdict) %}
  {%- set severity = retrain_gate.get_config().gates.get(verdict, 'off') -%}
  {{ config(severity='error' if severity == 'error' else 'warn') }}
  {{ return(adapter.dispatch('test_verdict_gate', 'retrain_gate')(model, verdict, severity)) }}
{% endtest %}

{% macro default__test_verdict_gate(model, verdict, severity) %}
  select
    decisions.model_id,
    decisions.eval_date,
    decisions.verdict,
    decisions.reason
  from {{ model }} as decisions
  inner join (
    select model_id, max(eval_date) as eval_date
    from {{ model }}
    group by model_id
  ) as latest
    on decisions.model_id = latest.model_id and decisions.eval_date = latest.eval_date
  where
    decisions.verdict = '{{ verdict }}'
    {%- if severity == 'off' %}
    -- this verdict's gate is off
    and 1 = 0
    {%- endif %}
{% endmacro %}
