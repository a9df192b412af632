"""One exception hierarchy; every message names the thing at fault and says what to do."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of the `wgp-audit` command (see README)."""

    OK = 0  # every check evaluated, no findings
    FINDINGS = 1  # at least one check returned offending rows
    NOT_EVALUABLE = 2  # no findings, but some check could not be evaluated (e.g. empty table)
    CHECK_ERROR = 3  # a check is broken (bad SQL, bad header); the run is incomplete
    USAGE = 4  # a wrong parameter or command line; nothing ran
    CONFIG = 5  # the yardstick (config/*.toml) is invalid; nothing ran
    SOURCE = 6  # a source is missing, unreadable or breaks the data contract; nothing ran
    LOGS = 7  # log files could not be read at all
    REPORT = 8  # a notebook or the report failed; reports of this run are incomplete
    INTERRUPTED = 130


class WgpAuditError(Exception):
    """Root of every error wgp-audit raises on purpose."""

    exit_code: ExitCode = ExitCode.CHECK_ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}\n  what to do: {hint}")


class ParameterError(WgpAuditError):
    """A parameter given by the user is wrong; refused before anything runs."""

    exit_code = ExitCode.USAGE


class ConfigError(WgpAuditError):
    """The auditor's yardstick is invalid."""

    exit_code = ExitCode.CONFIG


class SourceError(WgpAuditError):
    """A source cannot be opened or read."""

    exit_code = ExitCode.SOURCE


class ContractError(SourceError):
    """A source breaks the data contract (missing table or column, wrong type, duplicate key...)."""


class MappingError(SourceError):
    """A mapping (an operator's schema -> the contract) is malformed or its SQL fails on the source."""


class CheckDefinitionError(WgpAuditError):
    """A check file is malformed or its SQL fails: the check is broken, not failed."""

    exit_code = ExitCode.CHECK_ERROR


class LogIngestError(WgpAuditError):
    """Log files cannot be read at all (a single bad line is a reject, never this)."""

    exit_code = ExitCode.LOGS


class ReportError(WgpAuditError):
    """A notebook, an HTML export or the run folder failed."""

    exit_code = ExitCode.REPORT
