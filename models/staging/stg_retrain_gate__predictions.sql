{#-
  Every monitored model's prediction log in one shape: one row per prediction, with the model's
  segments, score and features in fixed slots (seg_i, num_i, cat_i; `int_retrain_gate__features`
  says which feature is in which slot). A view: it copies nothing, and a filter on event_at
  reaches the underlying tables, so incremental models read only the days they need.
-#}
{%- set cfg = retrain_gate.get_config() -%}
{%- set string_type = dbt.type_string() -%}
{%- for m in cfg.models %}
  {%- set cols = retrain_gate.resolve_columns(m) %}
  {%- set numeric = m.features | selectattr('kind', 'equalto', 'numeric') | rejectattr('is_score') | list %}
  {%- set categorical = m.features | selectattr('kind', 'equalto', 'categorical') | list %}
select
    cast('{{ m.model_id }}' as {{ string_type }}) as model_id,
    cast({{ cols[m.prediction_id] }} as {{ string_type }}) as prediction_id,
    cast({{ cols[m.timestamp] }} as {{ dbt.type_timestamp() }}) as event_at,
    cast({{ cols[m.timestamp] }} as date) as event_date,
    {{ 'cast(' ~ cols[m.entity_id] ~ ' as ' ~ string_type ~ ')' if m.entity_id else 'cast(null as ' ~ string_type ~ ')' }} as entity_id,
    {%- for i in range(1, cfg.layout.segments + 1) %}
      {%- set segment = m.segments[i - 1] if i <= m.segments | length else none %}
    {{ "coalesce(cast(" ~ cols[segment.column] ~ " as " ~ string_type ~ "), '(missing)')" if segment else 'cast(null as ' ~ string_type ~ ')' }} as seg_{{ i }},
    {%- endfor %}
    {{ retrain_gate.finite_or_null(cols[m.score]) }} as score
    {%- for i in range(1, cfg.layout.numeric + 1) %},
    {{ retrain_gate.finite_or_null(cols[numeric[i - 1].name]) if i <= numeric | length else 'cast(null as ' ~ retrain_gate.type_double() ~ ')' }} as num_{{ i }}
    {%- endfor %}
    {%- for i in range(1, cfg.layout.categorical + 1) %},
    cast({{ cols[categorical[i - 1].name] if i <= categorical | length else 'null' }} as {{ string_type }}) as cat_{{ i }}
    {%- endfor %}
from {{ retrain_gate.spec_relation(m.relation) }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
