-- bin_index_expression with cuts 1, 2, 3 (group 'three_cuts') and the single cut 5 ('one_cut')
select
    grp,
    value,
    case grp
        when 'three_cuts' then {{ retrain_gate.bin_index_expression('value', retrain_gate.fixed_bins(['1.0', '2.0', '3.0'])) }}
        else {{ retrain_gate.bin_index_expression('value', retrain_gate.fixed_bins(['5.0'])) }}
    end as bin_index
from {{ ref('fixture_values') }}
