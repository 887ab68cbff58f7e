{#-
  A window's scores against its reference's, both through the reference's calibration map: the
  CTEs `<name>_terms`, `<name>_reference_terms`, `<name>_bins`, `<name>_blocks` and `<name>`,
  whose rows are per model x evaluation date. Needs the CTEs eval_dates, reference_bins and
  calibration (calibration_map) in scope; `bins` has model_id, eval_date, score_bin and n (the
  window's rows per score bin), `reference_column` is the reference_bins column that counts the
  reference's rows (n_scored: every score; n_labelled: the labelled ones). Per row, with the
  window's n_b, the reference's m_b, the map's r_b and the terms of estimated_auc_terms:

    estimate, reference_estimate    the estimated AUCs of the window and of the reference
    variance_scores                 sum n_b h_b^2 + sum m_b h'_b^2: both histograms' sampling
    variance_map                    sum over blocks of (sum n_b d_b - m_b d'_b)^2 var(block rate):
                                    the map's error, in the change (it moves both estimates)
    variance_labels                 sum n_b r_b (1 - r_b) d_b^2: the realized AUC's spread about
                                    the window's estimate, from its labels alone
    variance_map_window             sum over blocks of (sum n_b d_b)^2 var(block rate): the map's
                                    error in the window's estimate alone
    rate, reference_rate            the estimated positive rates, sum n_b r_b / n
    rate_variance_scores            (sum n_b r_b^2 / n - rate^2) / n, plus the reference's
    rate_variance_map               sum over blocks of (sum n_b / n - m_b / m)^2 var(block rate)
    n_window, n_reference           the window's rows, the reference's labels
    unmapped_share                  the window's share of rows in bins where the reference has no
                                    label (the map extends its nearest block there)
-#}
{% macro estimate_comparison(name, bins, reference_column) %}
{{ name }}_terms as (
    {{ retrain_gate.estimated_auc_terms(
        '(select bins.model_id, bins.eval_date, bins.score_bin, bins.n, calibration.rate from ' ~ bins ~ ' as bins'
        ~ ' inner join eval_dates on bins.model_id = eval_dates.model_id and bins.eval_date = eval_dates.eval_date'
        ~ ' inner join calibration on eval_dates.model_id = calibration.model_id'
        ~ ' and eval_dates.reference_start = calibration.reference_start and eval_dates.reference_end = calibration.reference_end'
        ~ ' and bins.score_bin = calibration.score_bin where calibration.rate is not null) as mapped',
        ['model_id', 'eval_date']) }}
),

{{ name }}_reference_terms as (
    {{ retrain_gate.estimated_auc_terms(
        '(select calibration.model_id, calibration.reference_start, calibration.reference_end, calibration.score_bin,'
        ~ ' reference_bins.' ~ reference_column ~ ' as n, calibration.rate from calibration'
        ~ ' inner join reference_bins on calibration.model_id = reference_bins.model_id'
        ~ ' and calibration.reference_start = reference_bins.reference_start and calibration.reference_end = reference_bins.reference_end'
        ~ ' and calibration.score_bin = reference_bins.score_bin where calibration.rate is not null) as mapped',
        ['model_id', 'reference_start', 'reference_end']) }}
),

-- every bin of the map beside the window's and the reference's terms in it
{{ name }}_bins as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        calibration.block,
        calibration.rate,
        calibration.rate_variance,
        calibration.n_labelled as reference_labels,
        coalesce(window_terms.n, 0) as n,
        coalesce(window_terms.d, 0) as d,
        coalesce(window_terms.h, 0) as h,
        window_terms.auc,
        coalesce(reference_terms.n, 0) as reference_n,
        coalesce(reference_terms.d, 0) as reference_d,
        coalesce(reference_terms.h, 0) as reference_h,
        reference_terms.auc as reference_auc,
        sum(coalesce(window_terms.n, 0)) over (partition by eval_dates.model_id, eval_dates.eval_date) as n_total,
        sum(coalesce(reference_terms.n, 0)) over (partition by eval_dates.model_id, eval_dates.eval_date) as reference_n_total
    from eval_dates
    inner join calibration
        on
            eval_dates.model_id = calibration.model_id
            and eval_dates.reference_start = calibration.reference_start
            and eval_dates.reference_end = calibration.reference_end
    left join {{ name }}_terms as window_terms
        on
            eval_dates.model_id = window_terms.model_id
            and eval_dates.eval_date = window_terms.eval_date
            and calibration.score_bin = window_terms.score_bin
    left join {{ name }}_reference_terms as reference_terms
        on
            calibration.model_id = reference_terms.model_id
            and calibration.reference_start = reference_terms.reference_start
            and calibration.reference_end = reference_terms.reference_end
            and calibration.score_bin = reference_terms.score_bin
    where calibration.rate is not null
),

-- the map's error moves every bin of a block together
{{ name }}_blocks as (
    select
        model_id,
        eval_date,
        max(rate_variance) * sum(n * d - reference_n * reference_d) * sum(n * d - reference_n * reference_d) as variance_map,
        max(rate_variance) * sum(n * d) * sum(n * d) as variance_map_window,
        max(rate_variance)
        * sum(n / nullif(n_total, 0) - reference_n / nullif(reference_n_total, 0))
        * sum(n / nullif(n_total, 0) - reference_n / nullif(reference_n_total, 0)) as rate_variance_map
    from {{ name }}_bins
    group by model_id, eval_date, block
),

{{ name }} as (
    select
        summed.model_id,
        summed.eval_date,
        summed.estimate,
        summed.reference_estimate,
        summed.variance_scores,
        summed.variance_labels,
        blocks.variance_map,
        blocks.variance_map_window,
        summed.rate,
        summed.reference_rate,
        -- a variance, so never below 0, which rounding could take it to when every rate is one
        greatest((summed.sum_rate_sq / nullif(summed.n_window, 0) - summed.rate * summed.rate) / nullif(summed.n_window, 0), 0)
        + greatest(
            (summed.reference_sum_rate_sq / nullif(summed.reference_n_total, 0) - summed.reference_rate * summed.reference_rate)
            / nullif(summed.reference_n_total, 0),
            0
        ) as rate_variance_scores,
        blocks.rate_variance_map,
        summed.n_window,
        summed.n_reference,
        summed.unmapped / nullif(summed.n_window, 0) as unmapped_share
    from (
        select
            model_id,
            eval_date,
            max(auc) as estimate,
            max(reference_auc) as reference_estimate,
            sum(n * h * h) + sum(reference_n * reference_h * reference_h) as variance_scores,
            sum(n * rate * (1 - rate) * d * d) as variance_labels,
            sum(n * rate) / nullif(sum(n), 0) as rate,
            sum(reference_n * rate) / nullif(sum(reference_n), 0) as reference_rate,
            sum(n * rate * rate) as sum_rate_sq,
            sum(reference_n * rate * rate) as reference_sum_rate_sq,
            sum(n) as n_window,
            max(reference_n_total) as reference_n_total,
            sum(reference_labels) as n_reference,
            sum(case when reference_labels = 0 then n else 0 end) as unmapped
        from {{ name }}_bins
        group by model_id, eval_date
    ) as summed
    inner join (
        select
            model_id,
            eval_date,
            sum(variance_map) as variance_map,
            sum(variance_map_window) as variance_map_window,
            sum(rate_variance_map) as rate_variance_map
        from {{ name }}_blocks
        group by model_id, eval_date
    ) as blocks
        on summed.model_id = blocks.model_id and summed.eval_date = blocks.eval_date
)
{%- endmacro %}
