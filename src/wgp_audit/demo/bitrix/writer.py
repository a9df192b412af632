"""Write the Bitrix site as a SQLite file, as a MySQL/MariaDB script, and its manifest."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

from wgp_audit.demo.bitrix.schema import TABLES, mysql_ddl, sqlite_ddl
from wgp_audit.demo.bitrix.site import AS_OF, Site

# The checks mappings/bitrix feeds, each with a planted violation and a near-miss (kept in step
# with its README). CON-3 is not listed: Bitrix requires an IP on every consent row, so its
# reading of method and evidence cannot be violated here, and its current SQL reads consent
# validity (valid_until), which Bitrix does not hold.
FEEDS = (
    "CON-1",
    "CON-5",
    "DIS-1",
    "DIS-1b",
    "DIS-4",
    "DIS-5",
    "DIS-10",
    "DSR-1",
    "DSR-2",
    "DSR-3",
    "DSR-4",
    "DSR-5",
    "DSR-6",
    "DSR-7",
    "DSR-8",
    "MKT-1",
    "MKT-2",
    "MKT-3",
    "MKT-4",
    "ORG-1",
    "RET-2",
    "RET-3",
    "RET-4",
)
UNPLANTED = {
    "CON-3": "method and evidence_ref are fed, but Bitrix requires an IP on every consent "
    "row, so no consent lacks evidence; where the check reads consent validity "
    "(valid_until) it is not evaluable"
}
_LOGS = (
    "the web and app logs are not in the site's database (b_event_log is a table, and a "
    "mapping maps tables only)"
)
_GAPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("CON-2",),
        "consents hold no operator_bin, states_data_list or valid_until: Bitrix's consent "
        "component stores who ticked which agreement, when, from which IP and page",
    ),
    (("CON-4", "CON-6"), "no consents.valid_until, no disclosure_subjects"),
    (("CON-8", "POL-1"), "no policy version register (consents.policy_version_id, policy_versions)"),
    (("CON-9",), "no consents.given_by or representative_id"),
    (("CON-10", "PUR-1"), "no purposes register (and no policy_versions)"),
    (("COOK-1", "COOK-2", "COOK-3", "COOK-5", "COOK-6"), "Bitrix keeps no cookie inventory"),
    (("COOK-4", "DIS-11", "LOG-1", "LOG-2", "LOG-3", "LOG-4", "RET-5", "RET-6", "RET-7", "SEC-3"), _LOGS),
    (
        ("DIS-2", "DIS-7", "DIS-8", "DIS-9"),
        "the disclosure register keeps counts, not the people "
        "(no disclosure_subjects); DIS-9 also needs "
        "notify_on_transfer and transfer_notifications",
    ),
    (("DIS-3",), "no legal_requests register (UF_DOCUMENT is free text)"),
    (("DIS-6",), "no corporate_transactions register"),
    (
        ("LOC-1", "LOC-2", "LOC-3", "LOC-4", "SEC-8"),
        "storage locations are infrastructure facts, not in the site's database",
    ),
    (("PUR-5",), "Bitrix records no provenance of a user row (users.source)"),
    (("SEC-6", "SEC-7"), "no security incident register"),
)
NOT_FED = {check: reason for checks, reason in _GAPS for check in checks}


def _value(v: Any) -> Any:
    """A value as Bitrix stores it (dates and times as text)."""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def _rows(site: Site, table: str) -> list[tuple[Any, ...]]:
    """The rows of one table as tuples in the table's column order."""
    cols = [c for c, _ in TABLES[table]]
    return [tuple(_value(r.get(c)) for c in cols) for r in site.rows(table)]


def write_sqlite(site: Site, path: Path) -> Path:
    """A new SQLite database (replacing `path`) with every Bitrix table and its rows."""
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        for ddl in sqlite_ddl():
            con.execute(ddl)
        for table, cols in TABLES.items():
            marks = ", ".join("?" for _ in cols)
            con.executemany(f'insert into "{table}" values ({marks})', _rows(site, table))
        con.commit()
    finally:
        con.close()
    return path


def _mysql_literal(v: Any) -> str:
    """A value as a MySQL literal for the SQL script."""
    if v is None:
        return "NULL"
    if isinstance(v, int | float):
        return repr(v)
    text = str(v).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def write_mysql(site: Site, path: Path, batch: int = 200) -> Path:
    """A script for the `mariadb`/`mysql` client: DDL then multi-row INSERTs, in utf8mb4."""
    parts = [
        "-- WGP demo site on 1C-Bitrix (synthetic). Load: mariadb DBNAME < bitrix-mysql.sql",
        "SET NAMES utf8mb4;",
        "SET FOREIGN_KEY_CHECKS=0;",
        mysql_ddl(),
    ]
    for table, cols in TABLES.items():
        rows = _rows(site, table)
        names = ", ".join(f"`{c}`" for c, _ in cols)
        for i in range(0, len(rows), batch):
            values = ",\n".join(
                "(" + ", ".join(_mysql_literal(v) for v in row) + ")" for row in rows[i : i + batch]
            )
            parts.append(f"INSERT INTO `{table}` ({names}) VALUES\n{values};")
    parts.append("SET FOREIGN_KEY_CHECKS=1;")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def manifest_dict(site: Site) -> dict[str, Any]:
    """The ground truth: findings the audit must produce, near-misses it must not, coverage."""
    return {
        "flavour": "bitrix",
        "seed": site.seed,
        "as_of": AS_OF.date().isoformat(),
        "mapping": "mappings/bitrix",
        "feeds": list(FEEDS),
        "evaluated_without_plant": UNPLANTED,
        "not_fed": NOT_FED,
        "planted": [
            {
                "requirement_id": p.requirement_id,
                "record_key": p.record_key,
                "expected": p.expected,
                "note": p.note,
            }
            for p in site.manifest
        ],
    }


def write_manifest(site: Site, path: Path) -> Path:
    """Write the manifest as JSON."""
    path.write_text(json.dumps(manifest_dict(site), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path
