select
    case_name,
    {{ retrain_gate.unit_change_label('scale_factor', 'location_factor') }} as label
from {{ ref('fixture_factors') }}
