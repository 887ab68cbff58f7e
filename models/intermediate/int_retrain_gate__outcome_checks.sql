{#-
  Outcome checks: whether the model's outcomes really got worse, and whether its labels can be
  trusted, per model x evaluation date, on the matured predictions of the evaluation date's
  outcome window against its reference (outcome_calendar_sql), from the band outcomes and the
  daily outcome profiles. Statuses come from the thresholds in retrain_gate_signals.

    calibration       per band: value O/E of the window, baseline the reference's O/E (the
                      default, calibration: relative: a change against the reference, so a
                      score that never was a probability is judged by whether its O/E holds),
                      status by the change factor value / baseline; z_score |R - 1| / sqrt(
                      (1 - q) / (n q) + (1 - r0) / (n0 r0)), R = value / baseline, r0 the
                      reference band's observed rate, n0 its labels, n the window's and q =
                      r0 * e / e0 the window rate an unchanged O/E predicts (e, e0 the
                      expected rates): the binomial variances of both O/E's (log scale, delta
                      method), the window's under the null. With calibration: absolute,
                      baseline 1 and z_score |O - E| / sqrt(sum p (1 - p)), the scores taken
                      as probabilities. insufficient_data when E (absolute: or sum p (1 - p))
                      is not above 0 (scores outside [0, 1]), or (relative) the reference band
                      has no positives
    rank_order        per band b below the top: value observed_rate(b) - observed_rate(b + 1)
                      (positive: band b, scored lower, has more positives: an inversion),
                      baseline the reference's, z_score value / its standard error
                      sqrt(r_b (1 - r_b) / n_b + r_(b+1) (1 - r_(b+1)) / n_(b+1))
    loss_rank_order   the same on loss ratios, standard error sqrt(se_b^2 + se_(b+1)^2)
    band_loss_shift   per band: value the window's loss ratio, baseline the reference's;
                      z_score (value - baseline) / sqrt(se^2 + se_reference^2): a band whose
                      losses rose against what its predictions priced in (insufficient_data
                      when the reference's loss ratio is not above 0: the rule is a factor)
    discrimination    value the window's AUC, baseline the reference's (auc_from_bins over the
                      score's histogram bins); z_score (baseline - value) / sqrt(var_window +
                      var_reference), each variance DeLong's on the binned score (auc_from_bins):
                      the two samples are disjoint, so their variances add
    label_coverage    value the share of matured predictions with a label, baseline the
                      reference's; z_score the two-proportion z of the fall
    proxy_alignment   value target per proxy (target = 1 among proxy = 1), baseline the
                      reference's; z_score the two-proportion z of the fall, null (no
                      decoupling) when the proxy rate itself fell by more than max_proxy_fall
    mix_attribution   per segment column: value |mix| / (|mix| + |within|), the share of the
                      change in the observed rate that comes from segment shares moving (mix,
                      sum (w_s - w0_s) (r_s + r0_s) / 2) rather than rates moving inside
                      segments (within, sum (r_s - r0_s) (w_s + w0_s) / 2); mix + within is
                      the change exactly. A segment on one side only takes the other side's
                      rate (its change is all mix). z_score: the two-proportion z of the change.

  Every check is insufficient_data until the outcome window holds window_days matured days
  after the reference (the thresholds were measured on windows of that length).
  Band and model checks are judged on the whole population (segment 'all'); the band outcomes
  per segment are in retrain_gate_band_outcomes. Incremental like the band outcomes.
-#}
-- depends_on: {{ ref('retrain_gate_band_outcomes') }}
-- depends_on: {{ ref('int_retrain_gate__daily_outcome_profile') }}
-- depends_on: {{ ref('int_retrain_gate__reference_bins') }}
-- depends_on: {{ ref('int_retrain_gate__reference_cuts') }}
-- depends_on: {{ ref('stg_retrain_gate__predictions') }}
{{ config(**retrain_gate.incremental_table(['model_id', 'eval_date'], 'outcome_check_plan')) }}
{%- set cfg = retrain_gate.get_config() -%}
{%- set checks = retrain_gate.retrain_gate_checks() -%}
{%- set fingerprints = retrain_gate.outcome_window_fingerprints() -%}
{%- set plan = retrain_gate.outcome_check_plan() -%}
{%- set spans = retrain_gate.eval_calendar(plan) | selectattr('m.model_id', 'in', fingerprints.keys() | list) | list -%}
{%- set text = dbt.type_string() -%}
{%- set double = retrain_gate.type_double() -%}
{%- set pct = retrain_gate.format_percent -%}
{%- set num = retrain_gate.format_number -%}
{%- if spans | length == 0 %}
{{ retrain_gate.empty_relation(retrain_gate.check_row_columns()) }}
{%- else %}
{%- set extra = {} %}
{%- for span in spans %}
{%- do extra.update({span.m.model_id: [
    (span.m.maturity_days, 'maturity_days'), ('1' if (span.m.labels or {}).get('loss') else '0', 'has_loss'),
    ('1' if span.m.labels else '0', 'has_labels'), ('1' if span.m.proxy else '0', 'has_proxy'),
    (span.m.thresholds.proxy_alignment.max_proxy_fall, 'max_proxy_fall'),
    ('1' if span.m.calibration == 'absolute' else '0', 'absolute_calibration')]}) %}
{%- endfor %}
with {{ retrain_gate.evaluation_frames(spans, fingerprints, 'outcome', extra) }},

-- an outcome window is judged once it holds window_days matured days after the reference:
-- the thresholds were measured on windows of that length (docs/operating_characteristics.md)
frames as (
    select
        eval_dates.*,
        case
            when
                {{ retrain_gate.days_between('eval_dates.window_start', 'eval_dates.window_end') }}
                + 1 < settings.window_days
                then {{ dbt.concat(["'the outcome window is not full yet: its first matured day is '",
                    'cast(eval_dates.window_start as ' ~ text ~ ')', "', and '",
                    'cast(settings.window_days as ' ~ text ~ ')', "' matured days are complete on '",
                    'cast(' ~ retrain_gate.add_days('eval_dates.window_start', 'settings.window_days - 1 + settings.maturity_days') ~ ' as ' ~ text ~ ')']) }}
        end as immature_reason
    from eval_dates
    inner join settings on eval_dates.model_id = settings.model_id
),

outcomes as (
    select
        outcomes.*,
        settings.has_loss,
        settings.has_labels,
        settings.has_proxy,
        settings.max_proxy_fall,
        settings.absolute_calibration,
        frames.immature_reason
    from {{ ref('retrain_gate_band_outcomes') }} as outcomes
    inner join frames on outcomes.model_id = frames.model_id and outcomes.eval_date = frames.eval_date
    inner join settings on outcomes.model_id = settings.model_id
),

-- the bands side by side with the band above them
adjacent as (
    select
        outcomes.*,
        lead(outcomes.band) over band_order as next_band,
        lead(outcomes.n_labelled) over band_order as next_n_labelled,
        lead(outcomes.observed_rate) over band_order as next_observed_rate,
        lead(outcomes.reference_observed_rate) over band_order as next_reference_observed_rate,
        lead(outcomes.reference_n_labelled) over band_order as next_reference_n_labelled,
        lead(outcomes.reference_n_loss) over band_order as next_reference_n_loss,
        lead(outcomes.n_loss) over band_order as next_n_loss,
        lead(outcomes.loss_ratio) over band_order as next_loss_ratio,
        lead(outcomes.loss_ratio_se) over band_order as next_loss_ratio_se,
        lead(outcomes.reference_loss_ratio) over band_order as next_reference_loss_ratio
    from outcomes
    where outcomes.segment_name = '(all)'
    window band_order as (partition by outcomes.model_id, outcomes.eval_date order by outcomes.band)
),

-- the whole population's figures, summed over bands
model_totals as (
    select
        model_id,
        eval_date,
        segment_name,
        segment_value,
        max(window_start) as window_start,
        max(window_end) as window_end,
        max(reference_start) as reference_start,
        max(reference_end) as reference_end,
        max(immature_reason) as immature_reason,
        max(has_labels) as has_labels,
        max(has_proxy) as has_proxy,
        max(max_proxy_fall) as max_proxy_fall,
        sum(n_scored) as n_scored,
        sum(n_labelled) as n_labelled,
        sum(n_positive) as n_positive,
        sum(n_proxy) as n_proxy,
        sum(n_proxy_positive) as n_proxy_positive,
        sum(n_proxy_target) as n_proxy_target,
        sum(reference_n_scored) as reference_n_scored,
        sum(reference_n_labelled) as reference_n_labelled,
        sum(reference_n_positive) as reference_n_positive,
        sum(reference_n_proxy) as reference_n_proxy,
        sum(reference_n_proxy_positive) as reference_n_proxy_positive,
        sum(reference_n_proxy_target) as reference_n_proxy_target
    from outcomes
    group by model_id, eval_date, segment_name, segment_value
),

-- class counts per score bin: the window's and the reference's
profiles as (
    select
        profiles.model_id,
        profiles.profile_date,
        profiles.score_bin,
        sum(profiles.n_positive) as n_pos,
        sum(profiles.n_labelled - profiles.n_positive) as n_neg
    from {{ ref('int_retrain_gate__daily_outcome_profile') }} as profiles
    inner join settings on profiles.model_id = settings.model_id
    where profiles.segment_name = '(all)'
    group by profiles.model_id, profiles.profile_date, profiles.score_bin
),

window_bins as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        profiles.score_bin,
        sum(profiles.n_pos) as n_pos,
        sum(profiles.n_neg) as n_neg
    from eval_dates
    inner join profiles
        on
            eval_dates.model_id = profiles.model_id
            and profiles.profile_date between eval_dates.window_start and eval_dates.window_end
    group by eval_dates.model_id, eval_dates.eval_date, profiles.score_bin
),

reference_profile_rows as (
    {{ retrain_gate.reference_rows('profiles', ['profile_date', 'score_bin', 'n_pos', 'n_neg']) }}
),

reference_bins as (
    select
        model_id,
        reference_start,
        reference_end,
        score_bin,
        sum(n_pos) as n_pos,
        sum(n_neg) as n_neg
    from reference_profile_rows
    group by model_id, reference_start, reference_end, score_bin
),

window_auc as (
    {{ retrain_gate.auc_from_bins('window_bins', ['model_id', 'eval_date']) }}
),

reference_auc as (
    {{ retrain_gate.auc_from_bins('reference_bins', ['model_id', 'reference_start', 'reference_end']) }}
),

discrimination as (
    select
        eval_dates.model_id,
        eval_dates.eval_date,
        eval_dates.window_start,
        eval_dates.window_end,
        eval_dates.reference_start,
        eval_dates.reference_end,
        eval_dates.immature_reason,
        window_auc.auc as value,
        reference_auc.auc as baseline,
        window_auc.auc_error_bound,
        sqrt(window_auc.auc_variance) as window_se,
        sqrt(reference_auc.auc_variance) as reference_se,
        -- the window and the reference are disjoint samples: their variances add
        sqrt(window_auc.auc_variance + reference_auc.auc_variance) as sigma,
        coalesce(window_auc.n_pos + window_auc.n_neg, 0) as n_window,
        coalesce(reference_auc.n_pos + reference_auc.n_neg, 0) as n_reference
    from frames as eval_dates
    inner join settings on eval_dates.model_id = settings.model_id
    left join window_auc on eval_dates.model_id = window_auc.model_id and eval_dates.eval_date = window_auc.eval_date
    left join reference_auc
        on
            eval_dates.model_id = reference_auc.model_id
            and eval_dates.reference_start = reference_auc.reference_start
            and eval_dates.reference_end = reference_auc.reference_end
    where settings.has_labels = 1
),

-- the change of the observed rate split into mix and within-segment effects, per segment column
segment_effects as (
    select
        model_id,
        eval_date,
        segment_name,
        sum((w_share - r_share) * (coalesce(w_rate, r_rate) + coalesce(r_rate, w_rate)) / 2) as mix_effect,
        sum((coalesce(w_rate, r_rate) - coalesce(r_rate, w_rate)) * (w_share + r_share) / 2) as within_effect
    from (
        select
            totals.model_id,
            totals.eval_date,
            totals.segment_name,
            cast(totals.n_labelled as {{ double }}) / nullif(
                sum(totals.n_labelled) over (partition by totals.model_id, totals.eval_date, totals.segment_name), 0
            ) as w_share,
            cast(totals.reference_n_labelled as {{ double }}) / nullif(
                sum(totals.reference_n_labelled) over (partition by totals.model_id, totals.eval_date, totals.segment_name), 0
            ) as r_share,
            cast(totals.n_positive as {{ double }}) / nullif(totals.n_labelled, 0) as w_rate,
            cast(totals.reference_n_positive as {{ double }}) / nullif(totals.reference_n_labelled, 0) as r_rate
        from model_totals as totals
        where totals.segment_name <> '(all)' and totals.has_labels = 1
    ) as segment_shares
    group by model_id, eval_date, segment_name
),

-- per band, the window rate the reference's O/E predicts for the window's scores (null_rate,
-- the null hypothesis: O/E unchanged), for the calibration change's variance
calibration_bands as (
    select
        adjacent.*,
        adjacent.reference_observed_rate * adjacent.expected_rate / nullif(adjacent.reference_expected_rate, 0) as null_rate
    from adjacent
),

checks as (
    select
        model_id, eval_date, 'calibration' as check_name,
        {{ dbt.concat(["'band '", 'cast(band as ' ~ text ~ ')']) }} as subject, 'band' as subject_type,
        segment_name, segment_value, observed_to_expected as value,
        case when absolute_calibration = 1 then 1 else reference_observed_to_expected end as baseline,
        case
            when absolute_calibration = 1 then abs(calibration_z)
            else abs(observed_to_expected / nullif(reference_observed_to_expected, 0) - 1) / nullif(sqrt(
                (1 - least(null_rate, 1)) / nullif(n_labelled * null_rate, 0)
                + (1 - reference_observed_rate) / nullif(reference_n_labelled * reference_observed_rate, 0)
            ), 0)
        end as z_score,
        n_labelled as n_window, reference_n_labelled as n_reference,
        window_start, window_end, reference_start, reference_end,
        coalesce(immature_reason, case
            when n_labelled = 0 then 'no matured labels in the band'
            -- scores outside [0, 1] can make E or sum p (1 - p) zero or negative: O/E means nothing then
            when
                sum_score <= 0 or reference_sum_score <= 0
                or absolute_calibration = 1 and sum_score - sum_score_sq <= 0
                then {{ dbt.concat(["'the scores of the band are not probabilities (expected positives or their variance '",
                    "'not above 0, in the window or the reference): calibration needs scores in [0, 1]'"]) }}
            when absolute_calibration = 0 and reference_n_positive = 0
                then 'no positives in the band in the reference: a change of its O/E of 0 cannot be measured'
        end) as unusable_reason,
        case
            when absolute_calibration = 1 then {{ dbt.concat([
                "'O/E '", num('observed_to_expected', 2), "' against 1 (observed '", pct('observed_rate'), "' vs expected '",
                pct('expected_rate'), "', z '", num('calibration_z', 1), "'; absolute calibration); reference O/E '",
                "coalesce(" ~ num('reference_observed_to_expected', 2) ~ ", 'n/a')"]) }}
            else {{ dbt.concat([
                "'O/E '", num('observed_to_expected', 2), "' vs '", "coalesce(" ~ num('reference_observed_to_expected', 2) ~ ", 'n/a')",
                "' in the reference (x'", "coalesce(" ~ num('observed_to_expected / nullif(reference_observed_to_expected, 0)', 2) ~ ", 'n/a')",
                "'; observed '", pct('observed_rate'), "' vs expected '", pct('expected_rate'), "')'"]) }}
        end as evidence
    from calibration_bands
    where has_labels = 1

    union all

    select
        model_id, eval_date, 'rank_order' as check_name,
        {{ dbt.concat(["'band '", 'cast(band as ' ~ text ~ ')']) }} as subject, 'band' as subject_type,
        segment_name, segment_value, observed_rate - next_observed_rate as value,
        reference_observed_rate - next_reference_observed_rate as baseline,
        (observed_rate - next_observed_rate) / nullif(sqrt(
            observed_rate * (1 - observed_rate) / nullif(n_labelled, 0)
            + next_observed_rate * (1 - next_observed_rate) / nullif(next_n_labelled, 0)
        ), 0) as z_score,
        least(n_labelled, next_n_labelled) as n_window, least(reference_n_labelled, next_reference_n_labelled) as n_reference,
        window_start, window_end, reference_start, reference_end,
        coalesce(
            immature_reason, case when n_labelled = 0 or next_n_labelled = 0 then 'no matured labels in the band or the next' end
        ) as unusable_reason,
        {{ dbt.concat(["'observed '", pct('observed_rate'), "' in band '", 'cast(band as ' ~ text ~ ')', "' vs '",
                       pct('next_observed_rate'), "' in band '", 'cast(next_band as ' ~ text ~ ')', "' above it'"]) }} as evidence
    from adjacent
    where next_band is not null and has_labels = 1

    union all

    select
        model_id, eval_date, 'loss_rank_order' as check_name,
        {{ dbt.concat(["'band '", 'cast(band as ' ~ text ~ ')']) }} as subject, 'band' as subject_type,
        segment_name, segment_value, loss_ratio - next_loss_ratio as value,
        reference_loss_ratio - next_reference_loss_ratio as baseline,
        (loss_ratio - next_loss_ratio)
        / nullif(sqrt(loss_ratio_se * loss_ratio_se + next_loss_ratio_se * next_loss_ratio_se), 0) as z_score,
        least(n_loss, next_n_loss) as n_window, least(reference_n_loss, next_reference_n_loss) as n_reference,
        window_start, window_end, reference_start, reference_end,
        coalesce(
            immature_reason, case when n_loss = 0 or next_n_loss = 0 then 'no matured losses in the band or the next' end
        ) as unusable_reason,
        {{ dbt.concat(["'loss ratio '", num('loss_ratio', 3), "' in band '", 'cast(band as ' ~ text ~ ')', "' vs '",
                       num('next_loss_ratio', 3), "' in band '", 'cast(next_band as ' ~ text ~ ')', "' above it'"]) }} as evidence
    from adjacent
    where next_band is not null and has_loss = 1

    union all

    select
        model_id, eval_date, 'band_loss_shift' as check_name,
        {{ dbt.concat(["'band '", 'cast(band as ' ~ text ~ ')']) }} as subject, 'band' as subject_type,
        segment_name, segment_value, loss_ratio as value, reference_loss_ratio as baseline,
        (loss_ratio - reference_loss_ratio)
        / nullif(sqrt(loss_ratio_se * loss_ratio_se + reference_loss_ratio_se * reference_loss_ratio_se), 0) as z_score,
        n_loss as n_window, reference_n_loss as n_reference,
        window_start, window_end, reference_start, reference_end,
        coalesce(immature_reason, case
            when n_loss = 0 then 'no matured losses in the band'
            -- a factor of a zero or negative loss ratio (refunds, recoveries) says nothing about a rise
            when reference_loss_ratio <= 0 then 'the reference loss ratio of the band is not above 0: a rise factor needs a positive one'
        end) as unusable_reason,
        {{ dbt.concat(["'loss ratio '", num('loss_ratio', 3), "' vs '", "coalesce(" ~ num('reference_loss_ratio', 3) ~ ", 'n/a')",
                       "' in the reference'"]) }} as evidence
    from adjacent
    where has_loss = 1

    union all

    select
        discrimination.model_id, discrimination.eval_date, 'discrimination' as check_name,
        'model' as subject, 'model' as subject_type,
        '(all)' as segment_name, '(all)' as segment_value, discrimination.value, discrimination.baseline,
        (discrimination.baseline - discrimination.value) / nullif(discrimination.sigma, 0) as z_score,
        discrimination.n_window, discrimination.n_reference,
        discrimination.window_start, discrimination.window_end, discrimination.reference_start, discrimination.reference_end,
        case
            when discrimination.immature_reason is not null then discrimination.immature_reason
            when discrimination.value is null then 'no positives or no negatives among the matured labels of the window'
            when discrimination.baseline is null then 'no positives or no negatives among the matured labels of the reference'
            when discrimination.sigma is null
                then 'fewer than 2 positives or 2 negatives in the window or the reference: the AUC has no variance to judge by'
        end as unusable_reason,
        {{ dbt.concat(["'AUC '", num('discrimination.value', 4), "' (binning error <= '", num('discrimination.auc_error_bound', 4),
                       "') vs '", num('discrimination.baseline', 4), "' in the reference; se of the change '",
                       num('discrimination.sigma', 4), "' (DeLong: window '", num('discrimination.window_se', 4),
                       "', reference '", num('discrimination.reference_se', 4), "')'"]) }} as evidence
    from discrimination

    union all

    select
        model_id, eval_date, 'label_coverage' as check_name, 'model' as subject, 'model' as subject_type,
        segment_name, segment_value,
        cast(n_labelled as {{ double }}) / nullif(n_scored, 0) as value,
        cast(reference_n_labelled as {{ double }}) / nullif(reference_n_scored, 0) as baseline,
        {{ retrain_gate.two_proportion_z('reference_n_labelled', 'reference_n_scored', 'n_labelled', 'n_scored') }} as z_score,
        n_scored as n_window, reference_n_scored as n_reference,
        window_start, window_end, reference_start, reference_end,
        coalesce(immature_reason, case when n_scored = 0 then 'no matured predictions in the window' end) as unusable_reason,
        {{ dbt.concat([pct('cast(n_labelled as ' ~ double ~ ') / nullif(n_scored, 0)'), "' of matured predictions have a label vs '",
                       pct('cast(reference_n_labelled as ' ~ double ~ ') / nullif(reference_n_scored, 0)'),
                       "' in the reference'"]) }} as evidence
    from model_totals
    where segment_name = '(all)' and has_labels = 1

    union all

    select
        model_id, eval_date, 'proxy_alignment' as check_name, 'model' as subject, 'model' as subject_type,
        segment_name, segment_value,
        cast(n_proxy_target as {{ double }}) / nullif(n_proxy_positive, 0) as value,
        cast(reference_n_proxy_target as {{ double }}) / nullif(reference_n_proxy_positive, 0) as baseline,
        -- the proxy must hold: a target per proxy that falls with the proxy is not a decoupling
        case
            when
                cast(n_proxy_positive as {{ double }}) / nullif(n_proxy, 0)
                >= (1 - max_proxy_fall) * cast(reference_n_proxy_positive as {{ double }}) / nullif(reference_n_proxy, 0)
                then {{ retrain_gate.two_proportion_z('reference_n_proxy_target', 'reference_n_proxy_positive',
                                                      'n_proxy_target', 'n_proxy_positive') }}
        end as z_score,
        n_proxy_positive as n_window, reference_n_proxy_positive as n_reference,
        window_start, window_end, reference_start, reference_end,
        coalesce(immature_reason, case when n_proxy_positive = 0 then 'no matured proxy positives in the window' end) as unusable_reason,
        {{ dbt.concat(["'target per proxy '", pct('cast(n_proxy_target as ' ~ double ~ ') / nullif(n_proxy_positive, 0)'),
                       "' vs '", pct('cast(reference_n_proxy_target as ' ~ double ~ ') / nullif(reference_n_proxy_positive, 0)'),
                       "' in the reference, while the proxy rate is '", pct('cast(n_proxy_positive as ' ~ double ~ ') / nullif(n_proxy, 0)'),
                       "' vs '", pct('cast(reference_n_proxy_positive as ' ~ double ~ ') / nullif(reference_n_proxy, 0)')]) }} as evidence
    from model_totals
    where segment_name = '(all)' and has_proxy = 1

    union all

    select
        effects.model_id, effects.eval_date, 'mix_attribution' as check_name,
        effects.segment_name as subject, 'segment' as subject_type,
        '(all)' as segment_name, '(all)' as segment_value,
        abs(effects.mix_effect) / nullif(abs(effects.mix_effect) + abs(effects.within_effect), 0) as value,
        cast(null as {{ double }}) as baseline,
        abs({{ retrain_gate.two_proportion_z('totals.n_positive', 'totals.n_labelled',
                                             'totals.reference_n_positive', 'totals.reference_n_labelled') }}) as z_score,
        totals.n_labelled as n_window, totals.reference_n_labelled as n_reference,
        totals.window_start, totals.window_end, totals.reference_start, totals.reference_end,
        coalesce(totals.immature_reason, case when totals.n_labelled = 0 then 'no matured labels in the window' end) as unusable_reason,
        {{ dbt.concat(["'observed rate '",
                       pct('cast(totals.reference_n_positive as ' ~ double ~ ') / nullif(totals.reference_n_labelled, 0)'),
                       "' -> '", pct('cast(totals.n_positive as ' ~ double ~ ') / nullif(totals.n_labelled, 0)'),
                       "': '", num('100 * effects.mix_effect', 2), "' pts from the mix of '", 'effects.segment_name',
                       "', '", num('100 * effects.within_effect', 2), "' pts within its segments'"]) }} as evidence
    from segment_effects as effects
    inner join model_totals as totals
        on effects.model_id = totals.model_id and effects.eval_date = totals.eval_date and totals.segment_name = '(all)'
)

{{ retrain_gate.check_rows() }}
{%- endif %}
