{#-
  identical_histogram: value how many days in a row (up to 31) the day's histogram and moments
  repeated the previous day's exactly; baseline how many reference days did (then the check
  does not apply). Not pooled: its sample is the days compared, the day and those it repeats
  (at least the day before), window_start .. eval_date. From the CTE identical_histogram
  (check_identical_histogram_inputs).
-#}
{% macro check_identical_histogram() %}
  {%- set text = dbt.type_string() -%}
select
    model_id, eval_date, window_start, reference_start, reference_end, '(all)' as segment_name, '(all)' as segment_value,
    subject, 'feature' as subject_type, 'identical_histogram' as check_name, value, baseline,
    cast(null as {{ retrain_gate.type_double() }}) as z_score, n_window, n_reference,
    case
        when baseline > 0
            then {{ dbt.concat(["'the reference repeats itself on '", 'cast(cast(baseline as ' ~ dbt.type_int() ~ ') as ' ~ text ~ ')',
                                "' days, so repeats prove nothing'"]) }}
    end as unusable_reason,
    {{ dbt.concat(["'the same histogram and moments as the day before, '",
                   'cast(cast(value as ' ~ dbt.type_int() ~ ') as ' ~ text ~ ')', "' days in a row'"]) }} as evidence
from identical_histogram
{%- endmacro %}
