"""`wgp-audit map init`: introspect an operator's source and write a starting mapping to review.

For every contract table the best-matching operator table is guessed by name and by how many of
the contract's columns it seems to hold; for every contract column, the best operator column by
name (with common synonyms, e.g. 1C-Bitrix's DATE_REGISTER for created_at) and a compatible type.
What no column matches is written as an explicit `-- TODO` line, never as a NULL.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wgp_audit.contract import Column, Contract, Table
from wgp_audit.errors import ParameterError
from wgp_audit.sources.base import TableOrigin, quote_ident

# Words operators (and common CMSs such as 1C-Bitrix) use for the contract's names.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "users": ("user", "b_user", "members", "member", "customers", "customer", "accounts", "clients"),
    "consents": ("consent", "b_consent_user_consent", "user_consent", "agreements"),
    "consent_withdrawals": ("withdrawal", "consent_revocations", "revocations", "opt_outs"),
    "communications": ("b_event", "mail_events", "messages", "mailings", "sent_messages"),
    "dsr_requests": ("pd_requests", "subject_requests", "data_requests", "dsr"),
    "disclosures": ("pd_disclosures", "transfers", "data_transfers"),
    "recipients": ("pd_recipients", "partners", "third_parties"),
    "support_tickets": ("tickets", "b_ticket", "support", "feedback"),
    "destruction_records": ("pd_destruction_log", "destruction_log", "deletions"),
    "security_incidents": ("incidents", "breaches"),
    "user_id": ("id", "uid", "user", "member_id", "customer_id", "client_id"),
    "full_name": ("name", "fio", "fullname", "display_name"),
    "email": ("e_mail", "mail", "email_address"),
    "phone": ("personal_phone", "personal_mobile", "mobile", "phone_number", "tel"),
    "iin": ("uf_iin", "personal_iin", "iin_number"),
    "birth_date": ("personal_birthday", "birthday", "dob", "date_of_birth"),
    "country": ("personal_country", "country_code"),
    "created_at": ("date_register", "date_insert", "date_create", "created", "registered_at", "timestamp_x"),
    "last_active_at": ("last_login", "last_activity_date", "last_seen", "last_activity"),
    "given_at": ("date_insert", "created_at", "consented_at", "date"),
    "received_at": ("date_insert", "date_create", "created_at", "date_received"),
    "sent_at": ("date_exec", "date_insert", "sent", "sent_date"),
    "answered_at": ("date_answer", "replied_at", "response_at", "date_response"),
    "closed_at": ("date_close", "date_closed", "deleted_at"),
}
_TIMESTAMPS = (
    "TIMESTAMP WITH TIME ZONE",
    "TIMESTAMP",
    "TIMESTAMP_NS",
    "TIMESTAMP_MS",
    "TIMESTAMP_S",
    "DATETIME",
)


@dataclass(frozen=True)
class Relation:
    """One operator table as introspected: its real name, columns with types, and row count."""

    name: str
    columns: dict[str, str]  # real column name -> DuckDB type
    rows: int | None


@dataclass(frozen=True)
class ColumnGuess:
    """The operator column guessed for a contract column (None: nothing found)."""

    column: Column
    source: str | None
    source_type: str | None


@dataclass(frozen=True)
class TableGuess:
    """The operator table guessed for a contract table, and each column's guess."""

    table: Table
    relation: Relation | None
    columns: tuple[ColumnGuess, ...]


def _norm(name: str) -> str:
    """A name in lower case with only letters and digits."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _name_score(wanted: str, candidate: str) -> float:
    """How well a source column name matches a contract column name, from 0 to 1."""
    w, c = _norm(wanted), _norm(candidate)
    if w == c:
        return 1.0
    if any(_norm(s) == c for s in SYNONYMS.get(wanted, ())):
        return 0.95
    stripped = re.sub(r"^(b_|tbl_|wgp_|pd_|uf_)+", "", candidate.lower())
    if _norm(stripped) == w or _norm(stripped).rstrip("s") == w.rstrip("s"):
        return 0.9
    return difflib.SequenceMatcher(None, w, c).ratio() * 0.8


def _type_fits(contract_type: str, actual: str) -> bool:
    """Whether a source column type can be read as the contract type."""
    actual = actual.upper()
    if contract_type == "TIMESTAMP WITH TIME ZONE":
        return actual.startswith("TIMESTAMP") or actual == "DATE" or actual == "VARCHAR"
    if contract_type == "BOOLEAN":
        return actual in ("BOOLEAN", "VARCHAR", "TINYINT", "INTEGER", "BIGINT")
    if contract_type == "DATE":
        return actual in ("DATE", "VARCHAR") or actual.startswith("TIMESTAMP")
    if contract_type.startswith("DECIMAL") or contract_type in ("BIGINT", "INTEGER"):
        return actual.startswith("DECIMAL") or actual in (
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "HUGEINT",
            "DOUBLE",
            "FLOAT",
            "UINTEGER",
            "UBIGINT",
        )
    return True


def _guess_column(col: Column, relation: Relation) -> ColumnGuess:
    """The source column that best matches a contract column, if one matches well enough."""
    best, best_score = None, 0.0
    for name, dtype in relation.columns.items():
        if not _type_fits(col.type, dtype):
            continue
        score = _name_score(col.name, name)
        if score > best_score:
            best, best_score = name, score
    if best is None or best_score < 0.75:
        return ColumnGuess(col, None, None)
    return ColumnGuess(col, best, relation.columns[best])


def introspect(
    con: duckdb.DuckDBPyConnection, relations: dict[str, TableOrigin], count_rows: bool = True
) -> list[Relation]:
    """Columns, types and row counts of every operator relation (read-only queries only)."""
    out = []
    for _key, origin in sorted(relations.items()):
        cols = {
            str(r[0]): str(r[1])
            for r in con.execute(f"describe select * from {origin.relation_sql}").fetchall()
        }
        rows = None
        if count_rows:
            row = con.execute(f"select count(*) from {origin.relation_sql}").fetchone()
            rows = int(row[0]) if row else 0
        out.append(Relation(origin.table, cols, rows))
    return out


def guess(contract: Contract, relations: list[Relation]) -> list[TableGuess]:
    """For each contract table, the operator table that best fits it, and its column guesses."""
    out = []
    for table in contract.tables:
        scored = []
        for rel in relations:
            cols = [_guess_column(c, rel) for c in table.columns]
            hit = sum(g.source is not None for g in cols) / len(cols)
            scored.append((_name_score(table.name, rel.name) * 0.6 + hit * 0.4, rel, tuple(cols)))
        best = max(scored, key=lambda s: s[0], default=None)
        if best is None or best[0] < 0.55:
            out.append(TableGuess(table, None, ()))
        else:
            out.append(TableGuess(table, best[1], best[2]))
    return out


def _expression(g: ColumnGuess) -> str:
    """The SQL expression that reads the guessed source column as the contract column."""
    q = quote_ident(str(g.source))
    actual = str(g.source_type).upper()
    target = g.column.type
    if target == "TIMESTAMP WITH TIME ZONE" and actual != target:
        return f"timezone(getvariable('tz'), cast({q} as timestamp))"
    if target == "BOOLEAN" and actual == "VARCHAR":
        return f"upper(trim({q})) in ('Y', '1', 'TRUE', 'YES')"
    if target == "VARCHAR[]" and actual == "VARCHAR":
        return f"string_split({q}, ';')"
    if target != actual and not (target == "VARCHAR" and actual == "VARCHAR"):
        return f"cast({q} as {target})"
    return q


def render(g: TableGuess, when: dt.date) -> str:
    """The starting `<table>.sql` of one guessed table, with TODO lines for what is unmatched."""
    assert g.relation is not None
    rel = g.relation
    rows = "?" if rel.rows is None else f"{rel.rows:,}"
    lines = [
        f"-- {g.table.name}: from the operator's table {rel.name} ({rows} rows); written by",
        f"-- `wgp-audit map init` on {when.isoformat()} as a starting point: review every line.",
        f"-- {rel.name} holds: " + ", ".join(f"{c} {t}" for c, t in rel.columns.items()),
        "-- Leave out a contract column the source does not hold (never `null as ...`): the checks",
        "-- that read it are then reported as not evaluable instead of compliant.",
        "select",
    ]
    selected = [f"    {_expression(c)} as {c.column.name}" for c in g.columns if c.source is not None]
    todo = [
        f"    -- TODO {c.column.name} ({c.column.type}): no column of {rel.name} matched"
        for c in g.columns
        if c.source is None
    ]
    body = [line + ("," if i < len(selected) - 1 else "") for i, line in enumerate(selected)]
    lines += body + todo + [f"from {quote_ident(rel.name)}", ""]
    return "\n".join(lines)


def write_mapping(
    guesses: list[TableGuess], out: Path, source_name: str, when: dt.date | None = None
) -> list[Path]:
    """Write one `<table>.sql` per guessed table and a README listing what was not found."""
    if out.exists() and (any(out.glob("*.sql")) or (out / "mapping.toml").exists()):
        raise ParameterError(
            f"mapping folder {out} already holds a mapping",
            hint="give --out a new folder, so that no reviewed mapping is overwritten",
        )
    out.mkdir(parents=True, exist_ok=True)
    when = when or dt.date.today()
    written = []
    for g in guesses:
        if g.relation is not None and any(c.source for c in g.columns):
            path = out / f"{g.table.name}.sql"
            path.write_text(render(g, when), encoding="utf-8")
            written.append(path)
    absent = [g.table.name for g in guesses if g.relation is None or not any(c.source for c in g.columns)]
    readme = [
        f"# Mapping of {source_name}",
        "",
        f"Written by `wgp-audit map init` on {when.isoformat()}: a starting point to review.",
        "Check it with `wgp-audit map status --source S --mapping THIS_FOLDER`.",
        "",
        "## Contract tables with no operator table found",
        "",
    ]
    readme += [
        f"- {name}: TODO (write {name}.sql, or leave it absent: its checks are not evaluable)"
        for name in absent
    ] or ["- none"]
    (out / "README.md").write_text("\n".join(readme) + "\n", encoding="utf-8")
    return [*written, out / "README.md"]
