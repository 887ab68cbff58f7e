{#-
  estimated_calibration's CTEs: each score bin's share in each band (the reference's scored
  rows; a bin straddling explicit cutpoints is split as the reference's rows were), the
  reference's mean labelled score per bin (what the scores expect), and per evaluation date x
  band the estimated positives A = sum n_b w_b r_b and expected positives B = sum n_b w_b s_b of
  the window's scores and of the reference's (n_b the rows, w_b the bin's share in the band,
  r_b the map's rate, s_b the mean score), with the terms of their variances, in the CTE
  band_estimates. A bin's rows split between bands by a fixed share, so its count's sampling
  variance enters each band's figure times the share squared.
-#}
{% macro check_estimated_calibration_inputs() %}
band_profile as (
    select
        profiles.model_id,
        profiles.profile_date,
        profiles.band,
        profiles.score_bin,
        sum(profiles.n_scored) as n_scored
    from {{ ref('int_retrain_gate__daily_outcome_profile') }} as profiles
    inner join settings on profiles.model_id = settings.model_id
    where profiles.segment_name = '(all)'
    group by profiles.model_id, profiles.profile_date, profiles.band, profiles.score_bin
),

band_shares as (
    select
        *,
        {{ retrain_gate.safe_ratio('n_scored', 'sum(n_scored) over (partition by model_id, reference_start, reference_end, score_bin)') }}
            as bin_share
    from ({{ retrain_gate.reference_sums('band_profile', ['band', 'score_bin'], ['n_scored']) }}) as summed
),

-- per band and bin: the window's and the reference's rows, the map's rate, the mean score
band_bins as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        band_shares.band,
        calibration.block,
        calibration.rate,
        calibration.rate_variance,
        reference_bins.sum_score / reference_bins.n_labelled as mean_score,
        band_shares.bin_share,
        coalesce(recent_histogram.n, 0) * band_shares.bin_share as n,
        reference_bins.n_scored * band_shares.bin_share as reference_n,
        reference_bins.n_labelled * band_shares.bin_share as reference_labels
    from eval_dates
    inner join band_shares
        on
            eval_dates.model_id = band_shares.model_id
            and eval_dates.reference_start = band_shares.reference_start
            and eval_dates.reference_end = band_shares.reference_end
    inner join calibration
        on
            band_shares.model_id = calibration.model_id
            and band_shares.reference_start = calibration.reference_start
            and band_shares.reference_end = calibration.reference_end
            and band_shares.score_bin = calibration.score_bin
    inner join reference_bins
        on
            band_shares.model_id = reference_bins.model_id
            and band_shares.reference_start = reference_bins.reference_start
            and band_shares.reference_end = reference_bins.reference_end
            and band_shares.score_bin = reference_bins.score_bin
    left join recent_histogram
        on
            eval_dates.model_id = recent_histogram.model_id
            and eval_dates.eval_date = recent_histogram.eval_date
            and band_shares.score_bin = recent_histogram.score_bin
    where reference_bins.n_labelled > 0
),

band_sums as (
    select
        *,
        sum(n * rate) over (partition by model_id, eval_date, band) as estimated,
        sum(n * mean_score) over (partition by model_id, eval_date, band) as expected,
        sum(reference_n * rate) over (partition by model_id, eval_date, band) as reference_estimated,
        sum(reference_n * mean_score) over (partition by model_id, eval_date, band) as reference_expected
    from band_bins
),

-- the map's error moves every bin of a block together
band_blocks as (
    select
        model_id,
        eval_date,
        band,
        max(rate_variance)
        * sum(n / nullif(expected, 0) - reference_n / nullif(reference_expected, 0))
        * sum(n / nullif(expected, 0) - reference_n / nullif(reference_expected, 0)) as variance_map
    from band_sums
    group by model_id, eval_date, band, block
),

band_estimates as (
    select
        sums.model_id,
        sums.eval_date,
        sums.band,
        sums.value,
        sums.baseline,
        sums.variance_scores,
        blocks.variance_map,
        sums.n_window,
        sums.n_reference
    from (
        select
            model_id,
            eval_date,
            band,
            max(estimated) / nullif(max(expected), 0) as value,
            max(reference_estimated) / nullif(max(reference_expected), 0) as baseline,
            sum(
                n
                * bin_share
                * (rate - mean_score * estimated / nullif(expected, 0))
                * (rate - mean_score * estimated / nullif(expected, 0))
            )
            / nullif(max(expected) * max(expected), 0)
            + sum(
                reference_n
                * bin_share
                * (rate - mean_score * reference_estimated / nullif(reference_expected, 0))
                * (rate - mean_score * reference_estimated / nullif(reference_expected, 0))
            )
            / nullif(max(reference_expected) * max(reference_expected), 0) as variance_scores,
            sum(n) as n_window,
            sum(reference_labels) as n_reference
        from band_sums
        group by model_id, eval_date, band
    ) as sums
    inner join (
        select
            model_id,
            eval_date,
            band,
            sum(variance_map) as variance_map
        from band_blocks
        group by model_id, eval_date, band
    ) as blocks
        on sums.model_id = blocks.model_id and sums.eval_date = blocks.eval_date and sums.band = blocks.band
)
{%- endmacro %}
