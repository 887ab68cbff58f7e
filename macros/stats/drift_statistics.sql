{#-
  Drift statistics from bin counts. `bin_counts` has one row per comparison (`keys`, by default
  model_id, eval_date, segment_name, segment_value, feature) x histogram bin, with feature_kind,
  bin_index, drift_bin, n_window_bin, n_reference_bin and psi_epsilon, every bin of the
  feature's reference bins present (zero counts included).
  Returns per comparison and statistic: value, upper_bound (ks only), n_window, n_reference.

  With p_b, q_b the window and reference shares of bin b (bin count / non-null total):
    psi          sum over drift bins of (p'_b - q'_b) * ln(p'_b / q'_b),
                 p'_b = max(p_b, psi_epsilon), q'_b = max(q_b, psi_epsilon)  (both sides)
    js_distance  sqrt(JSD), JSD = 1/2 sum p_b log2(p_b / m_b) + 1/2 sum q_b log2(q_b / m_b),
                 m_b = (p_b + q_b) / 2, a term with a zero share being 0; over drift bins, in [0, 1]
    ks           max over histogram bins of |D_b|, D_b = P_b - Q_b the gap of the cumulative
                 shares (numeric only). Each bin's upper edge is a point of both empirical CDFs,
                 so ks is a lower bound of the exact two-sample statistic; upper_bound, the
                 largest gap the binned counts allow anywhere, is an upper bound:
                 max over b of max(|D_b|, D_(b-1) + p_b, q_b - D_(b-1)), D_(-1) = 0.
    linf         max over category bins of |p_b - q_b| (categorical only)
  value (and upper_bound) is null when the window or the reference has no values.
-#}
{% macro drift_statistics(bin_counts, keys=['model_id', 'eval_date', 'segment_name', 'segment_value', 'feature']) %}
  {%- set key = keys | join(', ') -%}
  {%- set double_type = retrain_gate.type_double() -%}
  with shares as (
    select
      {{ key }},
      feature_kind,
      bin_index,
      drift_bin,
      psi_epsilon,
      sum(n_window_bin) over (partition by {{ key }}) as n_window,
      sum(n_reference_bin) over (partition by {{ key }}) as n_reference,
      cast(n_window_bin as {{ double_type }}) / nullif(sum(n_window_bin) over (partition by {{ key }}), 0) as p,
      cast(n_reference_bin as {{ double_type }}) / nullif(sum(n_reference_bin) over (partition by {{ key }}), 0) as q,
      -- the cumulative gap from cumulative counts: exact integers, divided once
      cast(sum(n_window_bin) over (partition by {{ key }} order by bin_index rows between unbounded preceding and current row) as {{ double_type }})
        / nullif(sum(n_window_bin) over (partition by {{ key }}), 0)
      - cast(sum(n_reference_bin) over (partition by {{ key }} order by bin_index rows between unbounded preceding and current row) as {{ double_type }})
        / nullif(sum(n_reference_bin) over (partition by {{ key }}), 0) as cdf_gap
    from {{ bin_counts }}
  ),

  ks as (
    select
      {{ key }},
      max(feature_kind) as feature_kind,
      max(n_window) as n_window,
      max(n_reference) as n_reference,
      'ks' as statistic,
      max(abs(cdf_gap)) as value,
      max(greatest(abs(cdf_gap), previous_gap + p, q - previous_gap)) as upper_bound
    from (
      select *, coalesce(lag(cdf_gap) over (partition by {{ key }} order by bin_index), 0) as previous_gap
      from shares
      where feature_kind = 'numeric'
    ) as steps
    group by {{ key }}
  ),

  drift_bins as (
    select
      {{ key }},
      drift_bin,
      max(feature_kind) as feature_kind,
      max(n_window) as n_window,
      max(n_reference) as n_reference,
      max(psi_epsilon) as psi_epsilon,
      sum(p) as p,
      sum(q) as q
    from shares
    group by {{ key }}, drift_bin
  ),

  divergences as (
    select
      {{ key }},
      max(feature_kind) as feature_kind,
      max(n_window) as n_window,
      max(n_reference) as n_reference,
      sum({{ retrain_gate.psi_term('p', 'q', 'psi_epsilon') }}) as psi,
      sqrt(greatest(0, (
        0.5 * sum(case when p > 0 then p * ln(p / ((p + q) / 2)) else 0 end)
        + 0.5 * sum(case when q > 0 then q * ln(q / ((p + q) / 2)) else 0 end)
      ) / ln(2))) as js_distance,
      max(abs(p - q)) as linf
    from drift_bins
    group by {{ key }}
  ),

  statistics as (
    {%- for statistic in ['psi', 'js_distance', 'linf'] %}
    select
      {{ key }}, feature_kind, n_window, n_reference,
      '{{ statistic }}' as statistic, {{ statistic }} as value, cast(null as {{ double_type }}) as upper_bound
    from divergences
    {%- if statistic == 'linf' %}
    -- ks is for numeric features, linf for categorical ones
    where feature_kind = 'categorical'
    {%- endif %}
    union all
    {%- endfor %}
    select {{ key }}, feature_kind, n_window, n_reference, statistic, value, upper_bound
    from ks
  )

  select
    {{ key }},
    feature_kind,
    statistic,
    case when n_window > 0 and n_reference > 0 then value end as value,
    case when n_window > 0 and n_reference > 0 then upper_bound end as upper_bound,
    n_window,
    n_reference
  from statistics
{%- endmacro %}
