"""Kazakhstan working-day calendar: the `holidays` package plus decreed working weekends, in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import holidays


@dataclass(frozen=True)
class Day:
    """One calendar day: whether it is a working day, and why."""

    date: dt.date
    is_working: bool
    source: str


def build_calendar(
    first_year: int,
    last_year: int,
    working_weekends: Iterable[dt.date] = (),
    extra_days_off: Iterable[dt.date] = (),
) -> list[Day]:
    """Return every day of the years given, Mon-Fri working unless a holiday or a decreed day off."""
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
    return days


def working_days_off(days: Iterable[Day], year: int) -> list[dt.date]:
    """Return the weekdays of `year` that are days off (holidays, observed or transferred)."""
    return [x.date for x in days if x.date.year == year and not x.is_working
            and x.date.weekday() < 5]


def register_calendar(con: duckdb.DuckDBPyConnection, days: list[Day], tz: str) -> None:
    """Create kz_calendar, kz_wd and the SQL macros local_date(ts) and wd_deadline(ts, n).

    wd_deadline(ts, n) is the last instant (23:59:59.999999 local time) of the n-th working day
    after the local calendar date of ts; a start on a day off counts from the previous working day.
    """
    con.execute("create or replace table kz_calendar (d date, is_working boolean, source varchar)")
    con.executemany(
        "insert into kz_calendar values (?, ?, ?)", [(x.date, x.is_working, x.source) for x in days]
    )
    con.execute(
        "create or replace table kz_wd as select d, is_working,"
        " sum(is_working::int) over (order by d) as wd_ord from kz_calendar"
    )
    # The zone is validated by the yardstick loader (an IANA name), and macros take no bound
    # parameters, so it is written into the macro text as a quoted literal.
    zone = tz.replace("'", "''")
    con.execute(f"create or replace macro local_date(ts) as cast(timezone('{zone}', ts) as date)")
    con.execute(
        f"create or replace macro local_end_of_day(d) as "
        f"timezone('{zone}', (d + interval 1 day - interval 1 microsecond)::timestamp)"
    )
    con.execute(
        "create or replace macro wd_deadline(ts, n) as ("
        " select local_end_of_day(min(w2.d)) from kz_wd w1"
        " join kz_wd w2 on w2.is_working and w2.wd_ord = w1.wd_ord + n"
        " where w1.d = local_date(ts))"
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
