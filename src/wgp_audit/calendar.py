"""Kazakhstan working-day calendar: the `holidays` package plus decreed working weekends, in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import duckdb
import holidays
import pyarrow as pa

from wgp_audit.errors import ConfigError
from wgp_audit.sqltext import sql_string

if TYPE_CHECKING:
    from wgp_audit.params import AuditPeriod

# Deadlines run forward from events up to the audit date: the calendar goes this many years past it.
YEARS_AFTER_AS_OF = 2


@dataclass(frozen=True)
class Day:
    """One calendar day: whether it is a working day, and why."""

    date: dt.date
    is_working: bool
    source: str


def holidays_years() -> tuple[int, int]:
    """The first and last year for which the `holidays` package knows Kazakhstan's holidays."""
    kz = holidays.country_holidays("KZ")
    return int(kz.start_year), int(kz.end_year)


def calendar_years(calendar: Mapping[str, Any], period: AuditPeriod) -> tuple[int, int]:
    """The years the audit's calendar must cover, so that wd_deadline answers for every date the
    audit can see.

    A cheap bound, not a scan of the data: from the first year the `holidays` package knows (1991,
    before any data an audit under the 2013 law holds; earlier event dates get no deadline) or the
    yardstick's `calendar.first_year` if earlier, to two years past `as_of` or the yardstick's
    `calendar.last_year` if later. Events after `as_of` are out of the audit's scope. A year the
    package cannot answer for is refused rather than left without deadlines.
    """
    known_first, known_last = holidays_years()
    first = min(int(calendar["first_year"]), known_first, period.period_start.year)
    last = max(int(calendar["last_year"]), period.as_of.year + YEARS_AFTER_AS_OF)
    if first < known_first or last > known_last:
        raise ConfigError(
            f"the audit needs a working-day calendar for {first}-{last}, but the holidays package "
            f"knows Kazakhstan's holidays for {known_first}-{known_last} only",
            hint=f"audit dates between {known_first} and {known_last - YEARS_AFTER_AS_OF}, keep "
            f"calendar.first_year/last_year in config/yardstick.toml within that range, "
            "or upgrade the holidays package",
        )
    return first, last


def build_calendar(
    first_year: int,
    last_year: int,
    working_weekends: Iterable[dt.date] = (),
    extra_days_off: Iterable[dt.date] = (),
) -> list[Day]:
    """Return every day of the years given, Mon-Fri working unless a holiday or a decreed day off."""
    return list(_build(first_year, last_year, tuple(sorted(working_weekends)), tuple(sorted(extra_days_off))))


@cache
def _build(
    first_year: int,
    last_year: int,
    working_weekends: tuple[dt.date, ...],
    extra_days_off: tuple[dt.date, ...],
) -> tuple[Day, ...]:
    """Every day of the years given: working or not, and why (decree, holiday, weekend)."""
    years = range(first_year, last_year + 1)
    kz = holidays.country_holidays("KZ", years=years)
    working = set(working_weekends)
    extra_off = set(extra_days_off)
    days: list[Day] = []
    d = dt.date(first_year, 1, 1)
    end = dt.date(last_year, 12, 31)
    while d <= end:
        if d in working:
            days.append(Day(d, True, "decree: working weekend day"))
        elif d in extra_off:
            days.append(Day(d, False, "decree: extra day off (yardstick)"))
        elif d in kz:
            days.append(Day(d, False, f"holidays: {kz.get(d)}"))
        elif d.weekday() >= 5:
            days.append(Day(d, False, "weekend"))
        else:
            days.append(Day(d, True, "weekday"))
        d += dt.timedelta(days=1)
    return tuple(days)


def working_days_off(days: Iterable[Day], year: int) -> list[dt.date]:
    """Return the weekdays of `year` that are days off (holidays, observed or transferred)."""
    return [x.date for x in days if x.date.year == year and not x.is_working and x.date.weekday() < 5]


def register_calendar(con: duckdb.DuckDBPyConnection, days: list[Day], tz: str) -> None:
    """Create kz_calendar, kz_wd and the SQL macros local_date(ts) and wd_deadline(ts, n).

    wd_deadline(ts, n) is the last instant (23:59:59.999999 local time) of the n-th working day
    after the local calendar date of ts; a start on a day off counts from the previous working day.
    """
    table = pa.table(
        {
            "d": pa.array([x.date for x in days], type=pa.date32()),
            "is_working": pa.array([x.is_working for x in days], type=pa.bool_()),
            "source": pa.array([x.source for x in days], type=pa.string()),
        }
    )
    con.register("kz_calendar_in", table)
    con.execute("create or replace table kz_calendar as select * from kz_calendar_in")
    con.unregister("kz_calendar_in")
    con.execute(
        "create or replace table kz_wd as select d as wd_day, is_working,"
        " sum(is_working::int) over (order by d) as wd_ord from kz_calendar"
    )
    # The zone is validated by the yardstick loader (an IANA name), and macros take no bound
    # parameters, so it is written into the macro text as a quoted literal.
    zone = sql_string(tz)
    con.execute(f"create or replace macro local_date(ts) as cast(timezone({zone}, ts) as date)")
    con.execute(
        f"create or replace macro local_end_of_day(day) as "
        f"timezone({zone}, (day + interval 1 day - interval 1 microsecond)::timestamp)"
    )
    # Internal names are unusual on purpose: the argument expressions are substituted into the
    # subquery, so a caller's alias (e.g. `d.disclosed_at`) must not meet a column called `d`.
    con.execute(
        "create or replace macro wd_deadline(ts, n) as ("
        " select local_end_of_day(min(kzwd_to_.wd_day)) from kz_wd as kzwd_from_"
        " join kz_wd as kzwd_to_ on kzwd_to_.is_working and kzwd_to_.wd_ord = kzwd_from_.wd_ord + n"
        " where kzwd_from_.wd_day = local_date(ts))"
    )


class WorkingDays:
    """Working-day arithmetic in Python, the same rule as the SQL macro wd_deadline."""

    def __init__(self, days: list[Day]) -> None:
        self._days = {d.date: d for d in days}
        self._ordinal: dict[dt.date, int] = {}
        self._by_ordinal: dict[int, dt.date] = {}
        n = 0
        for d in sorted(self._days):
            if self._days[d].is_working:
                n += 1
                self._by_ordinal[n] = d
            self._ordinal[d] = n

    def is_working(self, day: dt.date) -> bool:
        """Whether `day` is a working day."""
        return self._days[day].is_working

    def nth_after(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (a day off counts from the previous working day)."""
        return self._by_ordinal[self._ordinal[day] + n]
