{#-
  calibration, per band: value O/E of the window, baseline the reference's O/E (the default,
  calibration: relative: a change against the reference, so a score that never was a
  probability is judged by whether its O/E holds), status by the change factor value /
  baseline; z_score |R - 1| / sqrt((1 - q) / (n q) + (1 - r0) / (n0 r0)), R = value /
  baseline, r0 the reference band's observed rate, n0 its labels, n the window's and
  q = r0 * e / e0 the window rate an unchanged O/E predicts (e, e0 the expected rates): the
  binomial variances of both O/E's (log scale, delta method), the window's under the null.
  With calibration: absolute, baseline 1 and z_score |O - E| / sqrt(sum p (1 - p)), the scores
  taken as probabilities. insufficient_data when E (absolute: or sum p (1 - p)) is not above 0
  (scores outside [0, 1]), or (relative) the reference band has no positives.
  Regression (O/E = mean label / mean prediction): z_score |R - R0| / sqrt(Var R + Var R0)
  (mean_ratio_variance; absolute: |R - 1| / sqrt(Var R)); insufficient_data when the band's
  mean prediction is not above 0, in the window or the reference.
-#}
{% macro check_calibration() %}
  {%- set pct = retrain_gate.format_percent -%}
  {%- set num = retrain_gate.format_number -%}
  {%- set baseline = 'case when absolute_calibration = 1 then 1 else reference_observed_to_expected end' -%}
select
    model_id, eval_date, 'calibration' as check_name,
    {{ dbt.concat(["'band '", 'cast(band as ' ~ dbt.type_string() ~ ')']) }} as subject, 'band' as subject_type,
    segment_name, segment_value, observed_to_expected as value,
    {{ baseline }} as baseline,
    case
        when is_regression = 1 then abs(observed_to_expected - ({{ baseline }}))
            / nullif(sqrt({{ retrain_gate.mean_ratio_variance() }}
                          + case when absolute_calibration = 1 then 0 else {{ retrain_gate.mean_ratio_variance('reference_') }} end), 0)
        when absolute_calibration = 1 then abs(calibration_z)
        else {{ retrain_gate.oe_change_z('observed_to_expected / nullif(reference_observed_to_expected, 0)', 'n_labelled',
                                         'null_rate', 'reference_observed_rate', 'reference_n_labelled') }}
    end as z_score,
    n_labelled as n_window, reference_n_labelled as n_reference,
    window_start, window_end, reference_start, reference_end,
    coalesce(immature_reason, case
        when n_labelled = 0 then 'no matured labels in the band'
        when is_regression = 1 and (sum_score <= 0 or reference_sum_score <= 0)
            then 'the mean prediction of the band is not above 0, in the window or the reference: its O/E means nothing'
        -- scores outside [0, 1] can make E or sum p (1 - p) zero or negative: O/E means nothing then
        when is_regression = 0 and (
            sum_score <= 0 or reference_sum_score <= 0
            or absolute_calibration = 1 and sum_score - sum_score_sq <= 0)
            then {{ dbt.concat(["'the scores of the band are not probabilities (expected positives or their variance '",
                "'not above 0, in the window or the reference): calibration needs scores in [0, 1]'"]) }}
        when is_regression = 0 and absolute_calibration = 0 and reference_n_positive = 0
            then 'no positives in the band in the reference: a change of its O/E of 0 cannot be measured'
        -- the z's normal approximation needs the positives of both sides: a band of one or two
        -- positives in the reference would call a fold of 10 from two more (docs/outcome.md)
        when is_regression = 0 and absolute_calibration = 0 and least(reference_n_positive, n_labelled * null_rate) < min_positives
            then {{ dbt.concat(["'too few positives in the band to judge its O/E change: '", 'cast(reference_n_positive as ' ~ dbt.type_string() ~ ')',
                "' in the reference, '", num('n_labelled * null_rate', 1), "' expected in the window at the reference O/E (minimum '",
                'cast(min_positives as ' ~ dbt.type_string() ~ ')', "')'"]) }}
    end) as unusable_reason,
    case
        when is_regression = 1 then {{ dbt.concat([
            "'O/E '", num('observed_to_expected', 3), "' vs '", "coalesce(" ~ num(baseline, 3) ~ ", 'n/a')",
            "case when absolute_calibration = 1 then ' (absolute calibration)' else ' in the reference' end",
            "'; mean label '", num('observed_rate', 4), "' vs mean prediction '", num('expected_rate', 4)]) }}
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
{%- endmacro %}
