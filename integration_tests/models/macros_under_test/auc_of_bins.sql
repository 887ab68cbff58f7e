-- auc_from_bins, rounded to 9 decimals so expected values can be written down exactly
select
    case_name,
    cast(auc as decimal(18, 9)) as auc,
    cast(auc_variance as decimal(18, 9)) as auc_variance,
    cast(auc_error_bound as decimal(18, 9)) as auc_error_bound
from ({{ retrain_gate.auc_from_bins(ref('fixture_score_bins'), ['case_name']) }}) as aucs
