"""The in-memory demo dataset: contract tables as row lists, plus the ground-truth manifest."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

UTC = dt.UTC
LOCAL = dt.timezone(dt.timedelta(hours=5))  # Asia/Atyrau, UTC+5 throughout the demo period


@dataclass(frozen=True)
class Planted:
    """One manifest entry: a requirement, the record key its check must (or must not) return."""

    requirement_id: str
    record_key: str
    expected: bool  # True: a violation to be found; False: a near-miss that must not be
    note: str


@dataclass
class Dataset:
    """Rows per contract table, app events for the logs, and what was planted where."""

    seed: int
    as_of: dt.datetime
    start: dt.datetime
    rng: random.Random
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    app_events: list[dict[str, Any]] = field(default_factory=list)
    manifest: list[Planted] = field(default_factory=list)
    _counters: dict[str, int] = field(default_factory=dict)

    def new_id(self, prefix: str) -> str:
        """Return the next id with this prefix, e.g. usr-000042."""
        n = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = n
        return f"{prefix}-{n:06d}"

    def add(self, table: str, **row: Any) -> dict[str, Any]:
        """Append a row to a table and return it (callers may still edit it)."""
        self.tables.setdefault(table, []).append(row)
        return row

    def rows(self, table: str) -> list[dict[str, Any]]:
        """The rows of one table (empty list when none)."""
        return self.tables.setdefault(table, [])

    def find(self, table: str, **match: Any) -> list[dict[str, Any]]:
        """Rows of `table` whose columns equal every value given."""
        return [r for r in self.rows(table) if all(r.get(k) == v for k, v in match.items())]

    def plant(self, requirement_id: str, record_key: str, note: str) -> None:
        """Record a planted violation that the check for `requirement_id` must return."""
        self.manifest.append(Planted(requirement_id, record_key, True, note))

    def near_miss(self, requirement_id: str, record_key: str, note: str) -> None:
        """Record a near-miss the check must not return."""
        self.manifest.append(Planted(requirement_id, record_key, False, note))

    def local(self, year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
        """An instant given in the operator's local time (UTC+5), returned in UTC."""
        return dt.datetime(year, month, day, hour, minute, tzinfo=LOCAL).astimezone(UTC)

    def between(self, lo: dt.datetime, hi: dt.datetime) -> dt.datetime:
        """A random instant in [lo, hi), whole seconds."""
        span = int((hi - lo).total_seconds())
        return lo + dt.timedelta(seconds=self.rng.randrange(max(span, 1)))
