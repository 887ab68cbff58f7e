{#-
  The models a daily profile of matured feedback reads tonight (the outcome and class
  profiles), from the table's `plan` and `fingerprints`: [{m, last_day, arrived_through}],
  last_day the newest matured prediction day (as-of minus maturity_days), for every model held
  whose plan is a full rebuild, reaches a matured day, or redoes days of late feedback.
-#}
{% macro matured_models(plan, fingerprints) %}
  {%- set cfg = retrain_gate.get_config() -%}
  {%- set models = [] -%}
  {%- for m in cfg.models if m.model_id in fingerprints -%}
    {%- set last_day = retrain_gate.shift_date(cfg.as_of, 0 - m.maturity_days) -%}
    {%- if plan[m.model_id].full or plan[m.model_id].start <= last_day or plan[m.model_id].redo -%}
      {%- do models.append({'m': m, 'last_day': last_day, 'arrived_through': plan[m.model_id].arrived_through}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(models) }}
{% endmacro %}
