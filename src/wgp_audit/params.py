"""Audit parameters (as_of, period): parsed and refused before anything runs."""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from wgp_audit.errors import ParameterError
from wgp_audit.paths import demo_dir

DEMO_AS_OF = dt.date(2026, 10, 31)
DEMO_PERIOD_START = dt.date(2023, 1, 1)
#: The ground truth `wgp-audit demo` writes beside its database; its presence marks demo data.
DEMO_MANIFEST = "manifest.json"
_PATH_SCHEMES = re.compile(r"^(?:duckdb|exports|sqlite):")


@dataclass(frozen=True)
class AuditPeriod:
    """The audit date and the period under audit, as aware datetimes (period end inclusive)."""

    as_of: dt.datetime
    period_start: dt.datetime
    period_end: dt.datetime

    def params(self) -> dict[str, object]:
        """The values checks bind as $as_of, $period_start and $period_end."""
        return {"as_of": self.as_of, "period_start": self.period_start, "period_end": self.period_end}


def _parse(
    name: str, value: str | dt.date | dt.datetime, tz: zoneinfo.ZoneInfo, end_of_day: bool
) -> dt.datetime:
    """A date or timestamp parameter as an aware datetime in the zone given."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time.max if end_of_day else dt.time.min)
    else:
        text = str(value).strip()
        try:
            if len(text) == 10:
                day = dt.date.fromisoformat(text)
                parsed = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
            else:
                parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ParameterError(
                f"parameter {name} = {value!r} is not a date or an ISO date-time",
                hint=f"write {name} as YYYY-MM-DD (local date) or 2026-10-31T12:00:00+05:00",
            ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def _is_demo_manifest(path: Path) -> bool:
    """Whether a file is a demo manifest."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "planted" in data and "as_of" in data


def is_demo_source(source: str | Path | None) -> bool:
    """Whether a source is the demo data: none given (the workspace's demo-data/wgp.duckdb), that
    file, or a file or folder beside the manifest.json that `wgp-audit demo` writes."""
    if source is None:
        return True
    text = _PATH_SCHEMES.sub("", str(source))
    if not text or re.match(r"^[a-z][a-z0-9]+:", text):
        return False  # a server (postgres:ENV, mysql:ENV): never the demo by its name
    path = Path(text).expanduser().resolve()
    if path == (demo_dir() / "wgp.duckdb").resolve():
        return True
    folders = (path, path.parent) if path.is_dir() else (path.parent,)
    return any(_is_demo_manifest(folder / DEMO_MANIFEST) for folder in folders)


def twelve_months_ending(day: dt.date) -> dt.date:
    """The first day of the twelve months that end on `day` (the default period of a real audit)."""
    try:
        year_before = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        year_before = day.replace(year=day.year - 1, day=28)
    return year_before + dt.timedelta(days=1)


def default_as_of(demo: bool, tz: str) -> dt.date:
    """The audit date when none is given: the demo's fixed date for the demo data, else today in
    the operator's time zone."""
    return DEMO_AS_OF if demo else dt.datetime.now(zoneinfo.ZoneInfo(tz)).date()


def audit_period(
    as_of: str | dt.date | dt.datetime | None,
    period_start: str | dt.date | dt.datetime | None,
    period_end: str | dt.date | dt.datetime | None,
    tz: str,
    *,
    demo: bool = False,
) -> AuditPeriod:
    """Parse and check the audit date and period; dates are local days in the operator's zone.

    The one place where missing dates are chosen: for the demo data (`demo`, see is_demo_source)
    its fixed DEMO_AS_OF and DEMO_PERIOD_START; otherwise today and the twelve months ending on
    the audit date. The period ends on the audit date unless given.
    """
    zone = zoneinfo.ZoneInfo(tz)
    as_of_dt = _parse("as_of", as_of if as_of is not None else default_as_of(demo, tz), zone, True)
    if period_start is None:
        period_start = DEMO_PERIOD_START if demo else twelve_months_ending(as_of_dt.date())
    start = _parse("period_start", period_start, zone, False)
    end = _parse("period_end", period_end if period_end is not None else as_of_dt, zone, True)
    if start > end:
        raise ParameterError(
            f"period_start {start.date()} is after period_end {end.date()}",
            hint="give a period whose start comes before its end",
        )
    if as_of_dt < start:
        raise ParameterError(
            f"as_of {as_of_dt.date()} is before period_start {start.date()}",
            hint="the audit date must fall on or after the start of the audited period",
        )
    if end > as_of_dt:
        raise ParameterError(
            f"period_end {end.date()} is after as_of {as_of_dt.date()}",
            hint="a period cannot end after the audit date; lower period_end or raise as_of",
        )
    return AuditPeriod(as_of_dt, start, end)
