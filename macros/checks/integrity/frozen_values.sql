{#-
  frozen_values: value the pool's standard deviation / the reference's, as scale_shift's: a
  feature that stopped varying goes to 0. From the model's CTE spreads.
-#}
{% macro check_frozen_values() %}
  {%- set double = retrain_gate.type_double() -%}
select
    spreads.model_id, spreads.eval_date, spreads.window_start, spreads.reference_start, spreads.reference_end,
    spreads.segment_name, spreads.segment_value, spreads.feature as subject,
    'feature' as subject_type, 'frozen_values' as check_name, spreads.scale_factor as value,
    cast(1 as {{ double }}) as baseline, cast(null as {{ double }}) as z_score,
    spreads.n_values as n_window, spreads.reference_values as n_reference, spreads.unusable_spread as unusable_reason,
    case
        when spreads.min_value = spreads.max_value
            then {{ dbt.concat(["'one value all day: '", retrain_gate.format_number('spreads.min_value', 6)]) }}
        else {{ dbt.concat(["'spread '", retrain_gate.format_number('spreads.scale_factor', 4), "' of the reference spread'"]) }}
    end as evidence
from spreads
{%- endmacro %}
