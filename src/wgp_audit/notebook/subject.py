"""The per-subject report of Art. 24 L94: what the operator holds about one person, and why.

This is the one report that shows a person's raw values: it is written for that person, only on
an explicit request (`wgp-audit subject --user-id ID`), never as part of `wgp-audit run`.
"""

from __future__ import annotations

import polars as pl

from wgp_audit.audit import Audit
from wgp_audit.contract import load_contract
from wgp_audit.errors import ParameterError
from wgp_audit.notebook import Table
from wgp_audit.sqltext import quote_ident


def require_subject(audit: Audit, user_id: str) -> None:
    """Refuse (ParameterError) a user_id that is not in the users table."""
    found = audit.query("select count(*) as n from stg_users where user_id = $u", {"u": user_id})
    if int(found["n"][0]) == 0:
        raise ParameterError(
            f"user_id {user_id!r} is not in the users table of {audit.source.describe()}",
            hint="give the user_id exactly as stored (e.g. usr-000001); no report was written",
        )


def _unavailable(audit: Audit, needs: dict[str, tuple[str, ...]]) -> list[str]:
    """Name each table or column the section needs that the source does not provide (a partial audit)."""
    gaps = audit.validation.gaps
    wanted = frozenset((t, c) for t, cols in needs.items() for c in cols)
    return gaps.blocking(wanted, frozenset(needs))


def _not_available(caption: str, missing: list[str]) -> Table:
    """A section the source cannot feed: said in the report, never left out."""
    frame = pl.DataFrame({"not available": [f"the source does not provide {m}" for m in missing]})
    return Table(frame, f"{caption}: not available from this source")


def _section(audit: Audit, caption: str, needs: dict[str, tuple[str, ...]], sql: str, user_id: str) -> Table:
    """Run a section's query bound to $u, or say which data the source lacks; errors propagate."""
    missing = _unavailable(audit, needs)
    if missing:
        return _not_available(caption, missing)
    return Table(audit.query(sql, {"u": user_id}), caption)


def overview(audit: Audit, user_id: str) -> Table:
    """That data is held: the account's status and key dates."""
    require_subject(audit, user_id)
    return _section(
        audit,
        "Personal data about you is held by the operator",
        {"users": ("user_id", "status", "created_at", "last_active_at", "closed_at")},
        "select user_id, status, created_at, last_active_at, closed_at from stg_users where user_id = $u",
        user_id,
    )


def data_held(audit: Audit, user_id: str) -> Table:
    """Every column of the person's user record with its value (their own data, shown raw).

    A column the source does not provide is listed as such rather than read.
    """
    lacking = set(audit.validation.gaps.columns.get("users", ()))
    names = [c.name for c in load_contract().table("users").columns if c.name not in lacking]
    select = ", ".join(quote_ident(n) for n in names)
    df = audit.query(f"select {select} from stg_users where user_id = $u", {"u": user_id})
    rows = [{"data item": c, "value": "" if df[c][0] is None else str(df[c][0])} for c in df.columns]
    rows += [{"data item": c, "value": "(not provided by the source)"} for c in sorted(lacking)]
    return Table(pl.DataFrame(rows), "Data held in your account record")


def records_held(audit: Audit, user_id: str) -> Table:
    """Per contract table with a user_id: how many rows it holds about the person and which data items.

    A table the source does not provide is listed as such; a column it lacks is named, not read.
    """
    gaps = audit.validation.gaps
    rows: list[dict[str, object]] = []
    for table in load_contract().tables:
        names = [c.name for c in table.columns]
        if table.name == "users" or "user_id" not in names:
            continue
        if table.name in gaps.tables:
            rows.append(
                {
                    "records": table.name,
                    "rows": None,
                    "data items": f"not provided by the source ({gaps.tables[table.name]})",
                }
            )
            continue
        lacking = set(gaps.columns.get(table.name, ()))
        if "user_id" in lacking:
            rows.append(
                {"records": table.name, "rows": None, "data items": "not provided by the source (no user_id)"}
            )
            continue
        shown = [n for n in names if n not in lacking]
        select = ", ".join(quote_ident(n) for n in shown)
        df = audit.query(f"select {select} from stg_{table.name} where user_id = $u", {"u": user_id})
        if df.is_empty():
            continue
        items = ", ".join(shown) + (f" (not provided: {', '.join(sorted(lacking))})" if lacking else "")
        rows.append({"records": table.name, "rows": df.height, "data items": items})
    schema = {"records": pl.String, "rows": pl.Int64, "data items": pl.String}
    return Table(pl.DataFrame(rows, schema=schema), "Other records about you")


def purposes(audit: Audit, user_id: str) -> Table:
    """The person's consents (purposes of processing), with their terms and any withdrawal."""
    return _section(
        audit,
        "Purposes you consented to",
        {
            "consents": ("consent_id", "scope", "given_at", "valid_until", "user_id"),
            "consent_withdrawals": ("consent_id", "received_at"),
        },
        """
        select c.consent_id, c.scope as purpose, c.given_at, c.valid_until,
               min(w.received_at) as withdrawal_received_at
        from stg_consents as c
        left join stg_consent_withdrawals as w on c.consent_id = w.consent_id
        where c.user_id = $u
        group by all order by c.given_at, c.consent_id""",
        user_id,
    )


def sources(audit: Audit, user_id: str) -> Table:
    """Where the operator obtained the person's data (self, partner or third party)."""
    return _section(
        audit,
        "Sources of your data",
        {
            "users": ("user_id", "source", "source_recipient_id", "source_basis_ref"),
            "recipients": ("recipient_id", "name"),
        },
        """
        select u.source, u.source_recipient_id, r.name as obtained_from, u.source_basis_ref
        from stg_users as u left join stg_recipients as r on u.source_recipient_id = r.recipient_id
        where u.user_id = $u""",
        user_id,
    )


def terms(audit: Audit) -> Table:
    """Processing and storage terms from the yardstick: retention periods and answer deadlines."""
    y = audit.yardstick
    rows = [{"term": f"retention: {k}", "value": f"{v} days"} for k, v in sorted(y.retention.items())]
    rows += [{"term": f"deadline: {k}", "value": f"{v} working days"} for k, v in sorted(y.deadlines.items())]
    return Table(pl.DataFrame(rows), "Processing and storage terms")


def disclosures(audit: Audit, user_id: str) -> Table:
    """Every disclosure of the person's data: when, to whom, where, on which legal basis."""
    return _section(
        audit,
        "Disclosures of your data to third parties",
        {
            "disclosure_subjects": ("disclosure_id", "user_id"),
            "disclosures": (
                "disclosure_id",
                "disclosed_at",
                "recipient_id",
                "destination_country",
                "legal_basis",
                "purpose_code",
                "fields",
            ),
            "recipients": ("recipient_id", "name", "kind", "country"),
        },
        """
        select d.disclosure_id, d.disclosed_at, r.name as recipient, r.kind as recipient_kind,
               coalesce(d.destination_country, r.country) as country, d.legal_basis,
               d.purpose_code, array_to_string(d.fields, ', ') as data_items
        from stg_disclosure_subjects as s
        join stg_disclosures as d on s.disclosure_id = d.disclosure_id
        left join stg_recipients as r on d.recipient_id = r.recipient_id
        where s.user_id = $u order by d.disclosed_at, d.disclosure_id""",
        user_id,
    )
