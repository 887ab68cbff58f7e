"""retrain_gate: retrain gates for production models, computed inside the warehouse by dbt.

The Python side reads the package's public tables through your own dbt project and profile
(any adapter) into pandas:

    import retrain_gate

    retrain_gate.latest_decisions("path/to/dbt_project")   # one row per model: verdict, reason
    retrain_gate.read_signals("path/to/dbt_project", since="2024-04-01")

See retrain_gate.readers for the API, retrain_gate.verdicts for the verdicts' exit codes and
retrain_gate.errors for the errors'.
"""

from retrain_gate.errors import (
    NoDecisionError,
    NotifyError,
    ProjectError,
    RetrainGateError,
    TablesNotBuiltError,
    UnknownModelError,
    WarehouseUnreachableError,
)
from retrain_gate.readers import (
    Warehouse,
    latest_decisions,
    read_band_outcomes,
    read_decisions,
    read_exclusions,
    read_signals,
)
from retrain_gate.verdicts import VERDICT_EXIT_CODES, VERDICTS

__version__ = "0.1.0"

__all__ = [
    "VERDICTS",
    "VERDICT_EXIT_CODES",
    "NoDecisionError",
    "NotifyError",
    "ProjectError",
    "RetrainGateError",
    "TablesNotBuiltError",
    "UnknownModelError",
    "Warehouse",
    "WarehouseUnreachableError",
    "__version__",
    "latest_decisions",
    "read_band_outcomes",
    "read_decisions",
    "read_exclusions",
    "read_signals",
]
