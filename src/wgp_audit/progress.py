"""What `wgp-audit check` and `run` show while they work: progress, outcomes in colour.

Both only on a terminal. Progress goes to stderr, one line rewritten in place
("12/63 DSR-1 fail 2"), and only when stderr is a terminal, so `wgp-audit check | ...` and
`wgp-audit check > file` keep stdout to the table. Colour is for the outcome column of the table,
only when stdout is a terminal, and never when `NO_COLOR` is set (https://no-color.org) or
`TERM=dumb`. Plain ANSI escapes: no dependency.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
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


#: The named steps of `wgp-audit run`, in order (RunProgress numbers them "1/5", "2/5", ...).
RUN_STEPS: Final = ("snapshot", "notebooks", "findings", "pages and exports", "evidence")


def step_line(number: int, name: str, seconds: float | None = None) -> str:
    """One step of a run: "1/5 snapshot ..." while it works, "1/5 snapshot 2.1 s" once done."""
    shown = "..." if seconds is None else f"{seconds:.1f} s"
    return f"{number}/{len(RUN_STEPS)} {name} {shown}"


def notebook_line(
    done: int,
    total: int,
    name: str,
    ok: bool,
    seconds: float,
    counts: Mapping[str, int],
    *,
    colour: bool = False,
) -> str:
    """One finished notebook: "  3/7 20_consent ok 4.1 s: 6 pass, 2 fail" (outcomes in colour)."""
    status = "ok" if ok else "INCOMPLETE"
    if colour:
        status = f"\x1b[{'32' if ok else '31'}m{status}{_RESET}"
    outcomes = ", ".join(
        f"{counts[o]} {outcome_cell(o, len(o), colour=colour)}" for o in OUTCOME_COLOURS if counts.get(o)
    )
    tail = f": {outcomes}" if outcomes else ""
    return f"  {done:>{len(str(total))}}/{total} {safe_text(name)} {status} {seconds:.1f} s{tail}"


class RunProgress:
    """What `wgp-audit run` shows on a terminal: its named steps with their times, and each
    notebook as it finishes with its outcome counts. Nothing at all when stderr is not a terminal
    (`for_terminal` gives None): piped, the run prints only its closing lines on stdout."""

    def __init__(self, stream: TextIO, *, colour: bool) -> None:
        self.stream = stream
        self.colour = colour
        self.current: tuple[int, str, float] | None = None  # the step being worked on, since when

    @classmethod
    def for_terminal(cls, stream: TextIO) -> RunProgress | None:
        """A progress display on `stream` if it is a terminal, else None (nothing is shown)."""
        return cls(stream, colour=use_colour(stream)) if is_terminal(stream) else None

    def start(self, name: str) -> None:
        """Finish the step being worked on (showing its time) and show step `name` as begun."""
        self.finish()
        self.current = (RUN_STEPS.index(name) + 1, name, time.monotonic())
        self._write(self._pending())

    def finish(self) -> None:
        """Show the step being worked on as done, with its time."""
        if self.current is not None:
            number, name, started = self.current
            self._write(_CLEAR_LINE + step_line(number, name, time.monotonic() - started) + "\n")
            self.current = None

    def abandon(self) -> None:
        """Leave the step being worked on unfinished (the run failed): the error goes below it."""
        if self.current is not None:
            self._write("\n")
            self.current = None

    def notebook(
        self, done: int, total: int, name: str, ok: bool, seconds: float, counts: Mapping[str, int]
    ) -> None:
        """Show that notebook `name`, `done` of `total`, finished (above the pending step line)."""
        line = notebook_line(done, total, name, ok, seconds, counts, colour=self.colour)
        self._write(_CLEAR_LINE + line + "\n" + self._pending())

    def _pending(self) -> str:
        """The line of the step still running (empty when none is)."""
        return "" if self.current is None else step_line(self.current[0], self.current[1])

    def _write(self, text: str) -> None:
        """Write text to the stream at once."""
        self.stream.write(text)
        self.stream.flush()
