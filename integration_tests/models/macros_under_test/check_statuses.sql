select
    case_name,
    {{ retrain_gate.check_status('check_name', 'value', 'baseline', 'z_score', 'warn_threshold',
        'breach_threshold', 'min_z', 'min_effect', 'insufficient_reason') }} as status
from {{ ref('fixture_check_values') }}
