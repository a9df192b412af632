"""The per-subject report of Art. 24 L94: what the operator holds about one person, and why.

This is the one report that shows a person's raw values: it is written for that person, only on
an explicit request (`wgp-audit subject --user-id ID`), never as part of `wgp-audit run`.
"""

from __future__ import annotations

import duckdb
import polars as pl

from wgp_audit.audit import Audit
from wgp_audit.contract import load_contract
from wgp_audit.errors import ParameterError
from wgp_audit.notebook import Table


def require_subject(audit: Audit, user_id: str) -> None:
    """Refuse (ParameterError) a user_id that is not in the users table."""
    found = audit.query("select count(*) as n from stg_users where user_id = $u", {"u": user_id})
    if int(found["n"][0]) == 0:
        raise ParameterError(
            f"user_id {user_id!r} is not in the users table of {audit.source.describe()}",
            hint="give the user_id exactly as stored (e.g. usr-000001); no report was written",
        )


def _frame(audit: Audit, sql: str, user_id: str) -> pl.DataFrame | None:
    """Run `sql` bound to $u; None when a view it reads does not exist."""
    try:
        return audit.query(sql, {"u": user_id})
    except duckdb.Error:
        return None


def overview(audit: Audit, user_id: str) -> Table:
    """That data is held: the account's status and key dates."""
    require_subject(audit, user_id)
    df = audit.query(
        "select user_id, status, created_at, last_active_at, closed_at from stg_users where user_id = $u",
        {"u": user_id},
    )
    return Table(df, "Personal data about you is held by the operator")


def data_held(audit: Audit, user_id: str) -> Table:
    """Every column of the person's user record with its value (their own data, shown raw)."""
    df = audit.query("select * from stg_users where user_id = $u", {"u": user_id})
    rows = [{"data item": c, "value": "" if df[c][0] is None else str(df[c][0])} for c in df.columns]
    return Table(pl.DataFrame(rows), "Data held in your account record")


def records_held(audit: Audit, user_id: str) -> Table:
    """Per contract table holding rows about the person: how many rows and which data items."""
    rows = []
    for name in load_contract().names:
        df = _frame(audit, f"select * from stg_{name} where user_id = $u", user_id)
        if name == "users" or df is None or df.is_empty():
            continue
        rows.append({"records": name, "rows": df.height, "data items": ", ".join(df.columns)})
    schema = {"records": pl.String, "rows": pl.Int64, "data items": pl.String}
    return Table(pl.DataFrame(rows, schema=schema), "Other records about you")


def purposes(audit: Audit, user_id: str) -> Table:
    """The person's consents (purposes of processing), with their terms and any withdrawal."""
    df = _frame(
        audit,
        """
        select c.consent_id, c.scope as purpose, c.given_at, c.valid_until,
               min(w.received_at) as withdrawal_received_at
        from stg_consents as c
        left join stg_consent_withdrawals as w on c.consent_id = w.consent_id
        where c.user_id = $u
        group by all order by c.given_at, c.consent_id""",
        user_id,
    )
    return Table(df if df is not None else pl.DataFrame(), "Purposes you consented to")


def sources(audit: Audit, user_id: str) -> Table:
    """Where the operator obtained the person's data (self, partner or third party)."""
    df = audit.query(
        """
        select u.source, u.source_recipient_id, r.name as obtained_from, u.source_basis_ref
        from stg_users as u left join stg_recipients as r on u.source_recipient_id = r.recipient_id
        where u.user_id = $u""",
        {"u": user_id},
    )
    return Table(df, "Sources of your data")


def terms(audit: Audit) -> Table:
    """Processing and storage terms from the yardstick: retention periods and answer deadlines."""
    y = audit.yardstick
    rows = [{"term": f"retention: {k}", "value": f"{v} days"} for k, v in sorted(y.retention.items())]
    rows += [{"term": f"deadline: {k}", "value": f"{v} working days"} for k, v in sorted(y.deadlines.items())]
    return Table(pl.DataFrame(rows), "Processing and storage terms")


def disclosures(audit: Audit, user_id: str) -> Table:
    """Every disclosure of the person's data: when, to whom, where, on which legal basis."""
    df = _frame(
        audit,
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
    return Table(df if df is not None else pl.DataFrame(), "Disclosures of your data to third parties")
