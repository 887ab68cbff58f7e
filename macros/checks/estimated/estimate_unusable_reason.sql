{#-
  Why an estimate of the comparison `name` (estimate_comparison) cannot be judged, or null:
  `matured_reason` when labels mature on the day (maturity_days 0), scores the map cannot place
  (more than max_unmapped_share of the window in bins where the reference has no label), an
  estimate without expected positives or negatives.
-#}
{% macro estimate_unusable_reason(name, matured_reason) %}
  {%- set pct = retrain_gate.format_percent -%}
    case
        when settings.maturity_days = 0 then {{ matured_reason }}
        when {{ name }}.unmapped_share > settings.max_unmapped_share
            then {{ dbt.concat(["'" ~ name ~ " window: '", pct(name ~ '.unmapped_share'),
                                "' of the scores fall in bins where the reference has no label (at most '",
                                pct('settings.max_unmapped_share'), "'): the calibration map cannot say how they behave'"]) }}
        when {{ name }}.estimate is null or {{ name }}.reference_estimate is null
            then 'the calibration map expects no positives or no negatives in the window or the reference'
    end
{%- endmacro %}
