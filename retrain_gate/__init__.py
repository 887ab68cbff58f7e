"""retrain_gate: retrain gates for production models, computed inside the warehouse by dbt."""

__version__ = "0.1.0"
