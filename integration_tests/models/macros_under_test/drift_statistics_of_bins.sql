-- drift_statistics, rounded to 9 decimals so expected values can be written down exactly
with statistics as (
    {{ retrain_gate.drift_statistics(ref('fixture_bin_counts')) }}
)

select
    feature,
    statistic,
    cast(value as decimal(18, 9)) as value,
    cast(upper_bound as decimal(18, 9)) as upper_bound,
    n_window,
    n_reference
from statistics
