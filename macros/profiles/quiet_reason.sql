{#-
  The reason of a decision on a date when nothing breaches, as a SQL CASE over the columns of
  retrain_gate_decisions' decision_days: how many drift and outcome checks of the whole
  population there were (n_population_checks) and were judged (n_judged), the same of the
  outcome checks (n_outcome_population_checks, n_outcome_judged), and one shortfall of each
  (insufficient_example, outcome_insufficient_example). Healthy on the inputs alone says so:
  with too few matured labels a change of the target would not show yet.
-#}
{% macro quiet_reason() %}
  {%- set unjudged = " of the whole population could be judged ('" -%}
  {%- set text = dbt.type_string() -%}
    case
        when n_population_checks = 0
            then 'Insufficient data: no drift or outcome check of the whole population was computed for this date; nothing is known about this model on this date.'
        when n_judged = 0
            then {{ dbt.concat([
                "'Insufficient data: none of the '", 'cast(n_population_checks as ' ~ text ~ ')',
                "' drift and outcome checks" ~ unjudged, 'insufficient_example',
                "'); nothing is known about this model on this date.'"]) }}
        when n_outcome_population_checks > 0 and n_outcome_judged = 0
            then {{ dbt.concat([
                "'Healthy on the inputs; none of the '", 'cast(n_outcome_population_checks as ' ~ text ~ ')',
                "' outcome checks" ~ unjudged, 'outcome_insufficient_example',
                "'); a change of the target would not show yet.'"]) }}
        else 'Healthy: nothing notable.'
    end
{%- endmacro %}
