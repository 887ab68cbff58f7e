{#-
  proxy_alignment: value target per proxy (target = 1 among proxy = 1), baseline the
  reference's; z_score the two-proportion z of the fall, null (no decoupling) when the proxy
  rate itself fell by more than max_proxy_fall.
-#}
{% macro check_proxy_alignment() %}
  {%- set pct = retrain_gate.format_percent -%}
  {%- set target_per_proxy = retrain_gate.safe_ratio('n_proxy_target', 'n_proxy_positive') -%}
  {%- set reference_target_per_proxy = retrain_gate.safe_ratio('reference_n_proxy_target', 'reference_n_proxy_positive') -%}
  {%- set proxy_rate = retrain_gate.safe_ratio('n_proxy_positive', 'n_proxy') -%}
  {%- set reference_proxy_rate = retrain_gate.safe_ratio('reference_n_proxy_positive', 'reference_n_proxy') -%}
select
    model_id, eval_date, 'proxy_alignment' as check_name, 'model' as subject, 'model' as subject_type,
    segment_name, segment_value,
    {{ target_per_proxy }} as value,
    {{ reference_target_per_proxy }} as baseline,
    -- the proxy must hold: a target per proxy that falls with the proxy is not a decoupling
    case
        -- not parenthesised: the product rounds as it always did
        when {{ proxy_rate }} >= (1 - max_proxy_fall) * {{ reference_proxy_rate }}
            then {{ retrain_gate.two_proportion_z('reference_n_proxy_target', 'reference_n_proxy_positive',
                                                  'n_proxy_target', 'n_proxy_positive') }}
    end as z_score,
    n_proxy_positive as n_window, reference_n_proxy_positive as n_reference,
    window_start, window_end, reference_start, reference_end,
    coalesce(immature_reason, case when n_proxy_positive = 0 then 'no matured proxy positives in the window' end) as unusable_reason,
    {{ dbt.concat(["'target per proxy '", pct(target_per_proxy), "' vs '", pct(reference_target_per_proxy),
                   "' in the reference, while the proxy rate is '", pct(proxy_rate), "' vs '", pct(reference_proxy_rate)]) }} as evidence
from model_totals
where segment_name = '(all)' and has_proxy = 1
{%- endmacro %}
