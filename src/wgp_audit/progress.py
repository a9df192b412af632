"""What `wgp-audit check` shows while it works: progress check by check, outcomes in colour.

Both only on a terminal. Progress goes to stderr, one line rewritten in place
("12/63 DSR-1 fail 2"), and only when stderr is a terminal, so `wgp-audit check | ...` and
`wgp-audit check > file` keep stdout to the table. Colour is for the outcome column of the table,
only when stdout is a terminal, and never when `NO_COLOR` is set (https://no-color.org) or
`TERM=dumb`. Plain ANSI escapes: no dependency.
"""

from __future__ import annotations

import os
from typing import Final, TextIO

from wgp_audit.findings import CheckResult, Outcome
from wgp_audit.terminal import safe_text

#: SGR colour of each outcome (green, red, yellow, magenta).
OUTCOME_COLOURS: Final = {
    Outcome.PASS.value: "32",
    Outcome.FAIL.value: "31",
    Outcome.NOT_EVALUABLE.value: "33",
    Outcome.ERROR.value: "35",
}
_RESET: Final = "\x1b[0m"
_CLEAR_LINE: Final = "\r\x1b[2K"


def is_terminal(stream: TextIO) -> bool:
    """Whether `stream` is an interactive terminal that understands escape sequences."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False
    return tty and os.environ.get("TERM", "") != "dumb"


def use_colour(stream: TextIO) -> bool:
    """Whether to colour what is written to `stream`: a terminal, and `NO_COLOR` not set."""
    return not os.environ.get("NO_COLOR") and is_terminal(stream)


def outcome_cell(outcome: str, width: int, *, colour: bool) -> str:
    """`outcome` left-aligned in `width` columns, coloured when `colour` (padding kept outside)."""
    padded = f"{outcome:<{width}}"
    code = OUTCOME_COLOURS.get(outcome)
    if not colour or code is None:
        return padded
    return f"\x1b[{code}m{outcome}{_RESET}{padded[len(outcome) :]}"


def progress_line(done: int, total: int, result: CheckResult, *, colour: bool = False) -> str:
    """One progress line: "12/63 DSR-1 fail 2" (the count only when there are findings)."""
    outcome = result.outcome.value
    count = f" {len(result.findings)}" if result.findings else ""
    shown = outcome_cell(outcome, len(outcome), colour=colour)
    return f"{done:>{len(str(total))}}/{total} {safe_text(result.spec.id)} {shown}{count}"


class CheckProgress:
    """A progress callback for Audit.run_checks that rewrites one line on a terminal."""

    def __init__(self, stream: TextIO, *, colour: bool) -> None:
        self.stream = stream
        self.colour = colour
        self.shown = False

    @classmethod
    def for_terminal(cls, stream: TextIO) -> CheckProgress | None:
        """A progress display on `stream` if it is a terminal, else None (nothing is shown)."""
        return cls(stream, colour=use_colour(stream)) if is_terminal(stream) else None

    def __call__(self, done: int, total: int, result: CheckResult) -> None:
        """Show that `result` is check `done` of `total`."""
        self.stream.write(_CLEAR_LINE + progress_line(done, total, result, colour=self.colour))
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        """Clear the progress line, leaving the terminal as it was before."""
        if self.shown:
            self.stream.write(_CLEAR_LINE)
            self.stream.flush()
            self.shown = False
