{#-
  Each evaluation date's reference, summed: per model, reference bounds and `keys`, the sums of
  the columns `sums` over the rows of `relation` in the reference (reference_rows, whose CTEs
  it needs in scope). The "reference side" every check compares its window with.
-#}
{% macro reference_sums(relation, keys, sums) %}
    select
        model_id,
        reference_start,
        reference_end,
        {%- for key in keys %}
        {{ key }},
        {%- endfor %}
        {%- for name in sums %}
        sum({{ name }}) as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from ({{ retrain_gate.reference_rows(relation, keys + sums) }}) as reference_rows
    group by model_id, reference_start, reference_end{% for key in keys %}, {{ key }}{% endfor %}
{%- endmacro %}
