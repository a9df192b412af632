"""Per area, the sentences on the population it examined, from the figures its notebook kept.

Each writer reads wgp_audit.report.figures' aggregates (counts, maxima, dates) and says how much
was looked at and how much of it broke the rule ("3 of 91 access requests ... were handled late");
a figure the notebook could not compute (a view absent) gives no sentence rather than a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from wgp_audit.report.figures import largest, total

REQUEST_KINDS: Final = {
    "access": "access",
    "rectify": "rectification",
    "block": "blocking",
    "unblock": "unblocking",
    "destroy": "destruction",
    "object_automated": "objection",
}
RETENTION_ITEMS: Final = {
    "closed_account": "closed accounts",
    "destroyed_account": "destroyed accounts",
    "closed_ticket": "closed support tickets",
}


def count_of(count: int, noun: str, plural: str | None = None) -> str:
    """'1 request', '3 requests' (thousands separated)."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def _requests(figures: Mapping[str, Any]) -> list[str]:
    """Sentences on the data-subject requests of the period."""
    rows = figures.get("requests")
    if rows is None:
        return []
    received, late = total(rows, "requests"), total(rows, "late")
    if not received:
        return ["No data-subject request was received in the period."]
    if not late:
        handled = count_of(received, "data-subject request")
        return [f"All {handled} in the period were handled within their deadlines."]
    worst = largest(rows, "most_days_late")
    kinds = ", ".join(
        f"{r['late']} of {r['requests']} {REQUEST_KINDS.get(str(r['kind']), str(r['kind']))}"
        for r in rows
        if r.get("late")
    )
    sentence = (
        f"{late} of {count_of(received, 'data-subject request')} in the period were handled late "
        f"or are overdue ({kinds})"
    )
    if worst is not None:
        sentence += f"; the latest answered {count_of(worst, 'working day')} after its deadline"
    overdue = total(rows, "open_overdue")
    if overdue:
        sentence += f"; {overdue} still unanswered past the deadline"
    return [sentence + "."]


def _coverage(purposes: Iterable[str], noun: str, plural: str) -> Callable[[Mapping[str, Any]], list[str]]:
    """Sentences on the events of `purposes` sent or made with or without a consent in force."""
    wanted = set(purposes)

    def sentences(figures: Mapping[str, Any]) -> list[str]:
        rows = figures.get("consent_coverage")
        if rows is None:
            return []
        mine = [r for r in rows if r.get("purpose") in wanted]
        events, uncovered = total(mine, "events"), total(mine, "uncovered")
        if not events:
            return [f"No {plural} in the period needed a consent."]
        if not uncovered:
            return [f"All {count_of(events, noun, plural)} in the period had a consent in force."]
        return [f"{uncovered} of {count_of(events, noun, plural)} in the period had no consent in force."]

    return sentences


def _disclosures(figures: Mapping[str, Any]) -> list[str]:
    """Sentences on the disclosures of the period."""
    rows = figures.get("disclosures")
    if not rows:
        return []
    row = rows[0]
    count = int(row.get("disclosures") or 0)
    if not count:
        return ["No disclosure was made in the period."]
    sentence = (
        f"{count_of(count, 'disclosure')} in the period went to "
        f"{count_of(int(row['recipients']), 'recipient')}: "
        f"{row['identifiable']} identifiable, {row['abroad']} abroad"
    )
    if row.get("basis_not_recorded"):
        sentence += f", {row['basis_not_recorded']} without a recorded legal basis"
    if row.get("unknown_recipient"):
        sentence += f", {row['unknown_recipient']} to a recipient missing from the register"
    return [sentence + "."]


def _retention(figures: Mapping[str, Any]) -> list[str]:
    """Sentences on the accounts and tickets due for destruction."""
    rows = figures.get("retention")
    if rows is None:
        return []
    items, held = total(rows, "items"), total(rows, "held_past_limit")
    if not items:
        return ["No closed account or closed ticket was due for destruction."]
    when = f"On {figures['as_of']}, of" if figures.get("as_of") else "Of"
    what = ", ".join(f"{r['items']:,} {RETENTION_ITEMS.get(str(r['category']), r['category'])}" for r in rows)
    if not held:
        return [f"{when} {what}, none is held past its retention limit outside a legal hold."]
    worst = largest(rows, "most_days_past_limit")
    return [
        f"{when} {what}, {held} still hold personal data past their retention limit outside a legal hold, "
        f"the longest {count_of(worst or 0, 'day')} past it."
    ]


def _logs(figures: Mapping[str, Any]) -> list[str]:
    """A sentence on the log lines read."""
    parts = []
    for view, name in (("log_web", "web-log"), ("log_app", "app-log")):
        rows = figures.get(view)
        parts.append(
            f"no {name} was attached"
            if rows is None
            else f"{count_of(total(rows, 'lines'), name + ' line')} were read"
        )
    return [f"{parts[0].capitalize()}; {parts[1]}."]


def _rows_of(*tables: str) -> Callable[[Mapping[str, Any]], list[str]]:
    """A sentence naming how many rows of `tables` were examined."""

    def sentences(figures: Mapping[str, Any]) -> list[str]:
        counts = figures.get("row_counts") or {}
        shown = [f"{count_of(int(counts[t]), 'row')} of {t}" for t in tables if t in counts]
        return [f"Examined {', '.join(shown)}."] if shown else []

    return sentences


def _all_rows(figures: Mapping[str, Any]) -> list[str]:
    """How many rows of how many contract tables were examined."""
    counts = figures.get("row_counts") or {}
    rows = sum(int(n) for n in counts.values())
    return (
        [f"Examined {count_of(rows, 'row')} in {count_of(len(counts), 'contract table')}."] if counts else []
    )


def _then(*writers: Callable[[Mapping[str, Any]], list[str]]) -> Callable[[Mapping[str, Any]], list[str]]:
    """The sentences of several writers, in order."""

    def sentences(figures: Mapping[str, Any]) -> list[str]:
        return [s for w in writers for s in w(figures)]

    return sentences


POPULATIONS: Final[dict[str, Callable[[Mapping[str, Any]], list[str]]]] = {
    "requests": _requests,
    "marketing": _coverage(("marketing",), "marketing message", "marketing messages"),
    "consent": _then(
        _rows_of("consents", "consent_withdrawals"),
        _coverage(("third_party", "cross_border"), "consent-based disclosure", "consent-based disclosures"),
    ),
    "disclosure": _disclosures,
    "retention": _retention,
    "logs": _logs,
    "cookies": _rows_of("cookies"),
    "purpose": _rows_of("purposes", "consents"),
    "localisation": _rows_of("storage_locations", "recipients"),
    "security": _rows_of("security_incidents", "storage_locations"),
    "governance": _rows_of("org_roles", "policy_versions"),
    "data_quality": _all_rows,
}
