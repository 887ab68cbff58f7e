{#-
  A setting's value, checked against its declaration in retrain_gate_settings: a config error
  naming the model, the key (`key`, e.g. labels.maturity_days) and the fix when it does not
  fit. `fix` replaces the setting's own remedy. Bands are returned normalised
  (normalise_bands): {kind: quantile, count} or {kind: cutpoints, cutpoints}.
-#}
{% macro validate_setting(model_id, key, value, setting, fix=none) %}
  {%- if setting.type == 'bands' -%}
    {{ return(retrain_gate.normalise_bands(model_id, value)) }}
  {%- endif -%}
  {%- set is_number = value is number and value is not boolean -%}
  {%- if setting.type == 'whole' -%}
    {%- set expected = 'a whole number >= ' ~ setting.min -%}
    {%- set valid = is_number and value == value | int and value >= setting.min -%}
  {%- elif setting.type == 'number' -%}
    {%- set expected = 'a number above ' ~ setting.above ~ ' and below ' ~ setting.below -%}
    {%- set valid = is_number and value > setting.above and value < setting.below -%}
  {%- else -%}
    {%- set expected = setting.choices | join(' or ') -%}
    {%- set valid = value in setting.choices -%}
  {%- endif -%}
  {%- if not valid -%}
    {{ retrain_gate.config_error(model_id, key, 'expected ' ~ expected ~ ', got ' ~ value ~ '.',
                                 fix or setting.get('fix') or 'set ' ~ key ~ ' to e.g. ' ~ setting.default ~ ' (the default).') }}
  {%- endif -%}
  {{ return(value) }}
{% endmacro %}
