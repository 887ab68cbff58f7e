{#-
  The last two columns of every incremental per-model table: the fingerprint of the settings
  its row was computed with (fingerprints: {model_id: hash}, looked up by `model_column`), and
  when the run that wrote it started. The plans compare both on the next run.
-#}
{% macro row_provenance(model_column, fingerprints) -%}
    cast(case {{ model_column }}
        {%- for model_id, fingerprint in fingerprints.items() %}
        when '{{ model_id }}' then '{{ fingerprint }}'
        {%- endfor %}
    end as {{ dbt.type_string() }}) as fingerprint,
    {{ retrain_gate.run_timestamp() }} as computed_at
{%- endmacro %}
