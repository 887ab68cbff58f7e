{#-
  One monitored model's rows in the staged shape of stg_retrain_gate__predictions: its branch of
  that view's union. A statement that reads one model's staged rows reads this instead of the
  view, whose every reference a planner expands into all the models' branches before it prunes
  them by model_id: with a fleet of models that made each statement grow with the square of
  the fleet. `columns`, when given, keeps only those output columns: a statement holds only
  what it reads. The branch's parts are rendered once per model and invocation
  (staged_model_parts): a fleet's profile models ask for them hundreds of times, and each
  rendering dispatches dozens of type macros.
-#}
{% macro staged_model_rows(m, columns=none) %}
{%- set parts = retrain_gate.read_once('staged_model_parts|' ~ m.model_id, retrain_gate.staged_model_parts, [m]) -%}
{%- set chosen = [] %}
{%- for slot in parts.slots if columns is none or slot.split(' as ')[-1] in columns %}
{%- do chosen.append(slot) %}
{%- endfor %}
select
    {{ chosen | join(',\n    ') }}
{{ parts.source }}
{%- endmacro %}


{#-
  The parts of one model's staged branch: `slots`, its output columns as 'expression as name'
  in the view's order, and `source`, its from, join and where clauses. The columns are
  resolved (and checked) once per model and invocation.
-#}
{% macro staged_model_parts(m) %}
{%- set cfg = retrain_gate.get_config() -%}
{%- set text = dbt.type_string() -%}
{%- set double = retrain_gate.type_double() -%}
{%- set int = dbt.type_int() -%}
{%- set timestamp = dbt.type_timestamp() -%}
{%- set resolved = retrain_gate.resolve_columns(m) %}
{%- set cols = {} %}
{%- for name, column in resolved.columns.items() %}{%- do cols.update({name: 'predictions.' ~ column.sql}) %}{%- endfor %}
{%- set score = retrain_gate.finite_or_null(cols[m.score]) if not m.classes else none %}
{%- if m.classes %}
{%- set probabilities = [] %}
{%- for class in m.classes %}{%- do probabilities.append((class.name, retrain_gate.finite_or_null(cols[class.column]))) %}{%- endfor %}
{%- set top_class = retrain_gate.top_class_expressions(probabilities) %}
{%- set score = top_class.top %}
{%- do cols.update({'predicted_class': top_class.predicted}) %}
{%- endif %}
{%- set joined = (m.labels or {}).get('relation') %}
{%- set numeric = m.features | selectattr('kind', 'equalto', 'numeric') | rejectattr('is_score') | map(attribute='name') | list %}
{%- set categorical = m.features | selectattr('kind', 'equalto', 'categorical') | map(attribute='name') | list %}
{%- set segments = m.segments | map(attribute='column') | list %}
{%- set slots = [] %}
{%- for i in range(cfg.layout.segments) %}
{%- if i < segments | length %}
{%- do slots.append("coalesce(cast(" ~ cols[segments[i]] ~ " as " ~ text ~ "), '(missing)') as seg_" ~ (i + 1)) %}
{%- else %}
{%- do slots.append('cast(null as ' ~ text ~ ') as seg_' ~ (i + 1)) %}
{%- endif %}
{%- endfor %}
{%- do slots.append(score ~ ' as score') %}
{%- for i in range(cfg.layout.numeric) %}
{%- if i < numeric | length %}
{%- do slots.append(retrain_gate.finite_or_null(cols[numeric[i]]) ~ ' as num_' ~ (i + 1)) %}
{%- else %}
{%- do slots.append('cast(null as ' ~ double ~ ') as num_' ~ (i + 1)) %}
{%- endif %}
{%- endfor %}
{%- for i in range(cfg.layout.categorical) %}
{%- do slots.append('cast(' ~ (cols[categorical[i]] if i < categorical | length else 'null') ~ ' as ' ~ text ~ ') as cat_' ~ (i + 1)) %}
{%- endfor %}
{%- for i in range(1, cfg.layout.updated + 1) %}
{%- set owner = m.features | selectattr('updated_slot', 'equalto', 'upd_' ~ i) | first %}
{%- do slots.append((retrain_gate.utc_timestamp(cols[owner.updated_at], resolved.columns[owner.updated_at].dtype) if owner else 'cast(null as ' ~ timestamp ~ ')') ~ ' as upd_' ~ i) %}
{%- endfor %}
{#- feedback: (slot, section, field, kind) -#}
{#- a regression label is a number; any other label is 0/1, held as a double so that every model's label shares the slot:
    a multiclass model's is whether its top class is the labelled class (docs/multiclass.md), a ranking model's whether
    the result is relevant (docs/ranking.md) -#}
{%- for slot, section, field, kind in [('label', 'labels', 'label', {'regression': 'numeric', 'multiclass': 'top_class', 'ranking': 'relevant'}.get(m.kind, 'label')),
        ('loss', 'labels', 'loss', 'numeric'), ('exposure', 'labels', 'exposure', 'numeric'), ('proxy_metric', 'proxy', 'metric', 'binary'),
        ('proxy_target', 'proxy', 'target', 'binary'), ('overridden', 'overrides', 'flag', 'binary'),
        ('label_arrived_at', 'labels', 'arrived_at', 'temporal')] %}
{%- set name = (m[section] or {}).get(field) %}
{%- set found = (resolved.columns if section == 'overrides' else resolved.feedback).get(name) if name else none %}
{%- set column = ('predictions.' if section == 'overrides' or not joined else 'feedback.') ~ found.sql if found else none %}
{%- set slot_type = {'numeric': double, 'label': double, 'top_class': double, 'relevant': double, 'temporal': timestamp}.get(kind, int) %}
{%- if column is none %}
{%- do slots.append('cast(null as ' ~ slot_type ~ ') as ' ~ slot) %}
{%- elif kind == 'temporal' %}
{%- do slots.append('cast(' ~ column ~ ' as ' ~ slot_type ~ ') as ' ~ slot) %}
{%- elif kind == 'top_class' %}
{%- do slots.append('cast(case when ' ~ column ~ ' is null or ' ~ cols.predicted_class ~ ' is null then null when cast(' ~ column ~ ' as ' ~ text ~ ') = '
                    ~ cols.predicted_class ~ ' then 1 else 0 end as ' ~ slot_type ~ ') as ' ~ slot) %}
{%- elif kind == 'relevant' %}
{%- set relevance = retrain_gate.finite_or_null(column) %}
{%- do slots.append('cast(case when ' ~ relevance ~ ' > 0 then 1 when ' ~ relevance ~ ' is not null then 0 end as ' ~ slot_type ~ ') as ' ~ slot) %}
{%- elif kind == 'numeric' %}
{%- do slots.append(retrain_gate.finite_or_null(column) ~ ' as ' ~ slot) %}
{%- else %}
{%- do slots.append('cast(' ~ retrain_gate.binary_or_null(column, found.family) ~ ' as ' ~ int ~ ') as ' ~ slot) %}
{%- endif %}
{%- endfor %}
{#- the labelled class as text: a multiclass model's class counts (int_retrain_gate__daily_class_profile) -#}
{%- set label_column = ('predictions.' if not joined else 'feedback.') ~ resolved.feedback[m.labels.label].sql if m.classes and m.labels else none %}
{%- do slots.append('cast(' ~ (label_column or 'null') ~ ' as ' ~ text ~ ') as label_class') %}
{#- a ranking model's list, position and graded relevance (int_retrain_gate__daily_ranking_profile) -#}
{%- set ranked = m.query_id is not none and m.labels %}
{%- do slots.append('cast(' ~ (cols[m.query_id] if m.query_id else 'null') ~ ' as ' ~ text ~ ') as query_id') %}
{%- do slots.append((retrain_gate.finite_or_null(cols[m.rank]) if m.query_id else 'cast(null as ' ~ double ~ ')') ~ ' as result_rank') %}
{%- set relevance_column = ('predictions.' if not joined else 'feedback.') ~ resolved.feedback[m.labels.label].sql if ranked else none %}
{%- do slots.append((retrain_gate.finite_or_null(relevance_column) if ranked else 'cast(null as ' ~ double ~ ')') ~ ' as label_relevance') %}
{%- set event_at = retrain_gate.utc_timestamp(cols[m.timestamp], resolved.columns[m.timestamp].dtype) %}
{%- set keys = ["cast('" ~ m.model_id ~ "' as " ~ text ~ ") as model_id",
                 'cast(' ~ cols[m.prediction_id] ~ ' as ' ~ text ~ ') as prediction_id',
                 event_at ~ ' as event_at',
                 'cast(' ~ event_at ~ ' as date) as event_date',
                 'cast(' ~ (cols[m.entity_id] if m.entity_id else 'null') ~ ' as ' ~ text ~ ') as entity_id'] %}
{%- set source -%}
from {{ retrain_gate.spec_relation(m.relation) }} as predictions
{%- if joined %}
-- labels arrive in their own relation, one row per prediction id
left join {{ retrain_gate.spec_relation(joined) }} as feedback
    on cast({{ cols[m.prediction_id] }} as {{ text }}) = cast(feedback.{{ resolved.feedback[m.prediction_id].sql }} as {{ text }})
{%- endif %}
-- a row without a timestamp has no day, one without an id is no prediction to join labels to:
-- both are left out: int_retrain_gate__daily_unusable_rows counts them
where {{ cols[m.timestamp] }} is not null and {{ cols[m.prediction_id] }} is not null
{%- endset %}
{{ return({'slots': keys + slots, 'source': source}) }}
{%- endmacro %}
