"""Audit parameters (as_of, period): parsed and refused before anything runs."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from wgp_audit.errors import ParameterError

DEMO_AS_OF = dt.date(2026, 10, 31)
DEMO_PERIOD_START = dt.date(2023, 1, 1)


@dataclass(frozen=True)
class AuditPeriod:
    """The audit date and the period under audit, as aware datetimes (period end inclusive)."""

    as_of: dt.datetime
    period_start: dt.datetime
    period_end: dt.datetime

    def params(self) -> dict[str, object]:
        """The values checks bind as $as_of, $period_start and $period_end."""
        return {"as_of": self.as_of, "period_start": self.period_start,
                "period_end": self.period_end}


def _parse(name: str, value: str | dt.date | dt.datetime, tz: zoneinfo.ZoneInfo,
           end_of_day: bool) -> dt.datetime:
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


def audit_period(
    as_of: str | dt.date | dt.datetime | None,
    period_start: str | dt.date | dt.datetime | None,
    period_end: str | dt.date | dt.datetime | None,
    tz: str,
) -> AuditPeriod:
    """Parse and check the audit date and period; dates are local days in the operator's zone."""
    zone = zoneinfo.ZoneInfo(tz)
    as_of_dt = _parse("as_of", as_of if as_of is not None else DEMO_AS_OF, zone, True)
    start = _parse("period_start", period_start if period_start is not None
                   else DEMO_PERIOD_START, zone, False)
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
