-- combine_moments, rounded to 9 decimals so expected values can be written down exactly
with combined as (
    {{ retrain_gate.combine_moments(ref('fixture_moment_parts'), ['grp']) }}
)

select
    grp,
    n_rows,
    n_values,
    min_value,
    max_value,
    cast(mean_value as decimal(18, 9)) as mean_value,
    cast(m2 as decimal(18, 9)) as m2,
    cast(m3 as decimal(18, 9)) as m3,
    cast(m4 as decimal(18, 9)) as m4
from combined
