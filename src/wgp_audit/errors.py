"""One exception hierarchy; every message names the thing at fault and says what to do."""

from __future__ import annotations

import re
import threading
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
    INTERNAL = 9  # an unexpected internal error; a traceback file says where (see the message)
    VERIFY_FAILED = 10  # `wgp-audit verify`: a run's files, inputs or ledger differ from its evidence
    INTERRUPTED = 130


REDACTED = "***"
_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()
# password=value, the value bare, or quoted with ' or " (backslash escapes and spaces inside quotes)
_PASSWORD = re.compile(
    r"""(?P<key>\b(?:password|passwd|pwd)\s*[=:]\s*)"""
    r"""(?P<value>'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|[^\s'",;]+)""",
    re.IGNORECASE,
)
# URL userinfo: scheme://user:password@host
_USERINFO = re.compile(
    r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<value>[^@\s]*)(?P<tail>@)", re.IGNORECASE
)


def register_secret(value: str | None) -> None:
    """Remember a secret this process knows (a DSN, a password) so that every error text drops it.

    A DSN is registered whole, and so is each password it holds.
    """
    if not value or len(value) < 3:
        return
    found = {value}
    found |= {_unquote(m.group("value")) for m in _PASSWORD.finditer(value)}
    found |= {m.group("value") for m in _USERINFO.finditer(value)}
    with _SECRETS_LOCK:
        _SECRETS.update(s for s in found if len(s) >= 3)


def _unquote(value: str) -> str:
    """A value without the matching quotes around it, if any."""
    if len(value) >= 2 and value[0] in "'\"" and value[-1] == value[0]:
        return value[1:-1]
    return value


def redact_secrets(text: str) -> str:
    """Return `text` without any registered secret, any password=... value and any URL password."""
    if not text:
        return text
    with _SECRETS_LOCK:
        known = sorted(_SECRETS, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, REDACTED)
        # the same secret as libpq or a traceback may show it: quotes doubled or escaped
        for variant in (secret.replace("'", "''"), secret.replace("'", "\\'"), repr(secret)[1:-1]):
            if variant != secret and variant in text:
                text = text.replace(variant, REDACTED)
    text = _PASSWORD.sub(lambda m: m.group("key") + REDACTED, text)
    return _USERINFO.sub(lambda m: m.group("head") + REDACTED + m.group("tail"), text)


class WgpAuditError(Exception):
    """Root of every error wgp-audit raises on purpose."""

    exit_code: ExitCode = ExitCode.CHECK_ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = redact_secrets(message)
        self.hint = None if hint is None else redact_secrets(hint)
        super().__init__(self.message if self.hint is None else f"{self.message}\n  what to do: {self.hint}")

    def __str__(self) -> str:
        """The message and hint, without any secret registered since the error was raised."""
        return redact_secrets(super().__str__())


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


class VerifyError(WgpAuditError):
    """A run's evidence does not hold: a file differs from its recorded hash, or the ledger is broken."""

    exit_code = ExitCode.VERIFY_FAILED


class InternalError(WgpAuditError):
    """Something failed that no part of wgp-audit foresaw: a bug; its traceback is kept in a file."""

    exit_code = ExitCode.INTERNAL
