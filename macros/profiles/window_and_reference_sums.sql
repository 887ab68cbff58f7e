{#-
  Sums of a daily per-model table's `measures` ({name: expression over its row, alias
  profiles}) over each evaluation date's window and over its reference, side by side (window:
  the name, reference: reference_<name>), per model, evaluation date and the table's `keys`,
  from the CTE named by `frames` (model_id, eval_date, window_start, window_end,
  reference_start, reference_end: a calendar of eval_calendar.sql). The reference is summed
  once per reference (reference_sums, whose CTEs it needs in scope), not once per evaluation
  date. `where`, if given, filters the table's rows.
-#}
{% macro window_and_reference_sums(relation, keys, measures, where=none, frames='frames') %}
    {%- set rows -%}
    (select profiles.model_id, profiles.profile_date{% for key in keys %}, profiles.{{ key }}{% endfor %}
        {%- for name, expression in measures.items() %}, {{ expression }} as {{ name }}{% endfor %}
    from {{ relation }} as profiles{% if where %} where {{ where }}{% endif %})
    {%- endset %}
    select
        model_id,
        eval_date,
        {%- for key in keys %}
        {{ key }},
        {%- endfor %}
        {%- for side in ['', 'reference_'] %}
        {%- set outer = loop %}
        {%- for name in measures %}
        sum({{ side ~ name }}) as {{ side ~ name }}{{ ',' if not (outer.last and loop.last) }}
        {%- endfor %}
        {%- endfor %}
    from (
        select
            frames.model_id,
            frames.eval_date,
            {%- for key in keys %}
            window_rows.{{ key }},
            {%- endfor %}
            {%- for name in measures %}
            window_rows.{{ name }},
            {%- endfor %}
            {%- for name in measures %}
            0 as reference_{{ name }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ frames }} as frames
        inner join {{ rows }} as window_rows
            on
                frames.model_id = window_rows.model_id
                and window_rows.profile_date between frames.window_start and frames.window_end
        union all
        select
            frames.model_id,
            frames.eval_date,
            {%- for key in keys %}
            reference.{{ key }},
            {%- endfor %}
            {%- for name in measures %}
            0 as {{ name }},
            {%- endfor %}
            {%- for name in measures %}
            reference.{{ name }} as reference_{{ name }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ frames }} as frames
        inner join ({{ retrain_gate.reference_sums(rows, keys, measures.keys() | list) }}) as reference
            on
                frames.model_id = reference.model_id
                and frames.reference_start = reference.reference_start
                and frames.reference_end = reference.reference_end
    ) as sides
    group by model_id, eval_date{% for key in keys %}, {{ key }}{% endfor %}
{%- endmacro %}
