"""The errors of the Python wrapper, each with its own exit code, so a scheduler can branch on
`retrain-gate check` without parsing text. The verdicts and their exit codes live in
retrain_gate.verdicts; they are importable from here too."""

from __future__ import annotations

from retrain_gate.verdicts import VERDICT_EXIT_CODES as VERDICT_EXIT_CODES
from retrain_gate.verdicts import VERDICTS as VERDICTS

#: Exit codes of the other outcomes, for every command.
EXIT_OK = 0
EXIT_FAILED = 1  # a dbt command failed (`run`, `demo`), or an unexpected error
EXIT_USAGE = 2  # a command-line mistake (argparse's own code)


class RetrainGateError(Exception):
    """An error the wrapper explains; `exit_code` is what the command line exits with."""

    exit_code: int = EXIT_FAILED


class ProjectError(RetrainGateError):
    """No dbt project found, its profile is missing, it does not install retrain_gate, or
    dbt cannot parse it."""

    exit_code = 3


class WarehouseUnreachableError(RetrainGateError):
    """The profile's warehouse refused the connection (down, wrong host, credentials, a
    DuckDB file another process holds)."""

    exit_code = 4


class TablesNotBuiltError(RetrainGateError):
    """The project installs retrain_gate, but the table read was never built in this target."""

    exit_code = 5


class UnknownModelError(RetrainGateError):
    """No decision of that model_id: it is not monitored, or was added since the last run."""

    exit_code = 6


class NoDecisionError(RetrainGateError):
    """The model is known, but was not decided on the date asked."""

    exit_code = 7


class NotifyError(RetrainGateError):
    """`notify` could not deliver to the webhook (unreachable, an HTTP error status, a
    timeout), or cannot read its state file; undelivered notifications stay pending in the
    state, and the next run retries them."""

    exit_code = 8


#: Every exit code, for the README's table and the tests.
ERROR_EXIT_CODES: dict[str, int] = {
    "dbt failed": EXIT_FAILED,
    "usage": EXIT_USAGE,
    "project": ProjectError.exit_code,
    "warehouse unreachable": WarehouseUnreachableError.exit_code,
    "tables not built": TablesNotBuiltError.exit_code,
    "unknown model": UnknownModelError.exit_code,
    "no decision on that date": NoDecisionError.exit_code,
    "webhook failed": NotifyError.exit_code,
}
