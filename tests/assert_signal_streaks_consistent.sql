-- A breach carries the start of its run and a count of at least one; anything else carries
-- neither. Returns the rows that break this.
select
    model_id,
    eval_date,
    family,
    check_name,
    subject,
    segment,
    status,
    first_breach_date,
    consecutive_days
from {{ ref('retrain_gate_signals') }}
where
    (status = 'breach' and (first_breach_date is null or consecutive_days < 1 or first_breach_date > eval_date))
    or (status <> 'breach' and (first_breach_date is not null or consecutive_days <> 0))
