-- two_proportion_z, rounded to 9 decimals so expected values can be written down exactly
select
    case_name,
    cast({{ retrain_gate.two_proportion_z('x1', 'n1', 'x2', 'n2') }} as decimal(18, 9)) as z_score
from {{ ref('fixture_proportions') }}
