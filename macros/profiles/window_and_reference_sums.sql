{#-
  Sums of a daily per-model table's `measures` over each evaluation date's window and over its
  reference, side by side (window: the measure's name, reference: reference_<name>), per
  model, evaluation date and the table's `keys`, from the CTE `frames` (model_id, eval_date,
  window_start, window_end, reference_start, reference_end). `where`, if given, filters the
  table's rows (alias profiles).
-#}
{% macro window_and_reference_sums(relation, keys, measures, where=none) %}
    {%- set inside = {'': ('frames.window_start', 'frames.window_end'), 'reference_': ('frames.reference_start', 'frames.reference_end')} %}
    select
        frames.model_id,
        frames.eval_date,
        {%- for key in keys %}
        profiles.{{ key }},
        {%- endfor %}
        {%- for side, bounds in inside.items() %}
        {%- set outer = loop %}
        {%- for name in measures %}
        sum(case when profiles.profile_date between {{ bounds[0] }} and {{ bounds[1] }} then {{ measures[name] }} else 0 end)
            as {{ side ~ name }}{{ ',' if not (outer.last and loop.last) }}
        {%- endfor %}
        {%- endfor %}
    from frames
    inner join {{ relation }} as profiles
        on
            frames.model_id = profiles.model_id
            and (
                profiles.profile_date between frames.window_start and frames.window_end
                or profiles.profile_date between frames.reference_start and frames.reference_end
            )
    {%- if where %}
    where {{ where }}
    {%- endif %}
    group by frames.model_id, frames.eval_date{% for key in keys %}, profiles.{{ key }}{% endfor %}
{%- endmacro %}
