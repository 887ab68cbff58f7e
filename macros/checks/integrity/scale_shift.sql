{#-
  scale_shift: value the pool's standard deviation / the reference's (a factor); z_score |ln|
  of it over its sd given the reference's kurtosis (macro sd_ratio_z); the evidence names a
  unit-like change (x10, x100, /1000, x60 ...) when the means moved by the same factor. From
  the model's CTE spreads, which frozen_values shares.
-#}
{% macro check_scale_shift() %}
  {%- set num = retrain_gate.format_number -%}
select
    spreads.model_id, spreads.eval_date, spreads.window_start, spreads.reference_start, spreads.reference_end,
    spreads.segment_name, spreads.segment_value, spreads.feature as subject,
    'feature' as subject_type, 'scale_shift' as check_name, spreads.scale_factor as value,
    cast(1 as {{ retrain_gate.type_double() }}) as baseline, spreads.scale_z as z_score,
    spreads.n_values as n_window, spreads.reference_values as n_reference,
    coalesce(spreads.unusable_spread, case
        when spreads.reference_kurtosis is null
            then 'the reference profiles lack m4 (stored before retrain_gate kept it): rebuild them with dbt build --full-refresh'
    end) as unusable_reason,
    {{ dbt.concat([
        "'spread x'", num('spreads.scale_factor', 3),
        "' (z '", 'coalesce(' ~ num('spreads.scale_z', 1) ~ ", 'n/a')",
        "' at the reference kurtosis '", 'coalesce(' ~ num('spreads.reference_kurtosis', 1) ~ ", 'n/a')",
        "') and mean x'", 'coalesce(' ~ num('spreads.location_factor', 3) ~ ", '?')",
        "' the reference'", retrain_gate.unit_change_label('spreads.scale_factor', 'spreads.location_factor')]) }} as evidence
from spreads
{%- endmacro %}
