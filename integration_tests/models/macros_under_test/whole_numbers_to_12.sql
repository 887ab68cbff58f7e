select
    count(*) as n_numbers,
    min(n) as smallest,
    max(n) as largest,
    count(distinct n) as n_distinct
from ({{ retrain_gate.whole_numbers(12) }}) as numbers
