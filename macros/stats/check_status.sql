{#-
  The status of a check's value, by the check's rule (macro retrain_gate_checks):
  insufficient_data when `insufficient_reason` is set, else breach when the value reaches the
  breach threshold, warn when it reaches warn, else ok. "Reaches" is the rule's:
    at_least  value >= bound           at_most  value <= bound
    fold      max(value, 1 / value) >= bound
    fold_change  max(value / baseline, baseline / value) >= bound
    rise      value - baseline >= bound
    rise_factor  value / baseline >= bound
    fall      (baseline - value) / baseline >= bound
    z         z_score >= bound, and baseline - value >= min_effect when min_effect is set
  and, whatever the rule, z_score >= min_z when min_z is set: a change that is not significant
  is ok. Column names are passed in, so the rule is one expression wherever it is needed.
-#}
{% macro check_status(check_name, value, baseline, z_score, warn_threshold, breach_threshold, min_z, min_effect, insufficient_reason) %}
  {%- set checks = retrain_gate.retrain_gate_checks() -%}
  {%- set by_rule = {} -%}
  {%- for rule in ['at_most', 'fold', 'fold_change', 'rise', 'rise_factor', 'fall', 'z'] -%}
    {%- do by_rule.update({rule: "'" ~ checks.items() | selectattr('1.rule', 'equalto', rule) | map(attribute='0') | join("', '") ~ "'"}) -%}
  {%- endfor -%}
  {%- set severity -%}
    case
      when {{ min_z }} is not null and not coalesce({{ z_score }} >= {{ min_z }}, false) then null
      when {{ check_name }} in ({{ by_rule.at_most }}) then -({{ value }})
      when {{ check_name }} in ({{ by_rule.fold }}) then greatest({{ value }}, 1 / nullif({{ value }}, 0))
      when {{ check_name }} in ({{ by_rule.fold_change }})
        then greatest({{ value }} / nullif({{ baseline }}, 0), {{ baseline }} / nullif({{ value }}, 0))
      when {{ check_name }} in ({{ by_rule.rise }}) then {{ value }} - {{ baseline }}
      when {{ check_name }} in ({{ by_rule.rise_factor }}) then {{ value }} / nullif({{ baseline }}, 0)
      when {{ check_name }} in ({{ by_rule.fall }}) then ({{ baseline }} - {{ value }}) / nullif(abs({{ baseline }}), 0)
      when {{ check_name }} in ({{ by_rule.z }})
        then case when {{ min_effect }} is null or {{ baseline }} - {{ value }} >= {{ min_effect }} then {{ z_score }} end
      else {{ value }}
    end
  {%- endset -%}
  {%- set orientation = 'case when ' ~ check_name ~ ' in (' ~ by_rule.at_most ~ ') then -1 else 1 end' -%}
  case
    when {{ insufficient_reason }} is not null then 'insufficient_data'
    when {{ severity }} >= {{ orientation }} * {{ breach_threshold }} then 'breach'
    when {{ severity }} >= {{ orientation }} * {{ warn_threshold }} then 'warn'
    else 'ok'
  end
{%- endmacro %}
