"""The `wgp-audit map init` and `map status` commands: introspect a source, report a mapping's gaps."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from wgp_audit.audit import open_audit
from wgp_audit.checks import load_checks
from wgp_audit.contract import load_contract
from wgp_audit.errors import ExitCode
from wgp_audit.introspect import guess, introspect, write_mapping
from wgp_audit.mapping_status import table_status
from wgp_audit.sources import open_source
from wgp_audit.terminal import safe_text


def map_init(source: str, out: Path, count_rows: bool = True) -> int:
    """Introspect `source` (read-only) and write a starting mapping into the new folder `out`."""
    src = open_source(source)
    contract = load_contract()
    with tempfile.TemporaryDirectory(prefix="wgp-audit-map-") as spill:
        con = duckdb.connect(":memory:", config={"temp_directory": spill})
        try:
            relations = introspect(con, src.attach(con), count_rows=count_rows)
        finally:
            con.close()
    guesses = guess(contract, relations)
    written = write_mapping(guesses, out, src.describe())
    print(f"{safe_text(src.describe())}: {len(relations)} tables")
    for g in guesses:
        if g.relation is None or not any(c.source for c in g.columns):
            print(f"  {g.table.name:<24} TODO: no operator table found")
            continue
        todo = [c.column.name for c in g.columns if c.source is None]
        print(
            f"  {g.table.name:<24} <- {safe_text(g.relation.name)}"
            + (f"  (TODO: {', '.join(todo)})" if todo else "")
        )
    print(
        f"wrote {len(written)} files into {safe_text(str(out))}; review them, then run "
        f"`wgp-audit map status --source {safe_text(source)} --mapping {safe_text(str(out))}`"
    )
    return ExitCode.OK


def map_status(source: str, mapping: str | None, config: str | None = None) -> int:
    """Print each contract table's status and the checks its gaps disable; exit 2 when any gap."""
    specs = load_checks()
    with open_audit(source, config=config, mapping=mapping) as audit:
        rows = table_status(load_contract(), audit.validation, specs)
        print(
            f"{safe_text(audit.source.describe())}"
            + (f" through mapping {safe_text(str(mapping))}" if mapping else " (no mapping)")
        )
    disabled: set[str] = set()
    for row in rows:
        where = f"  <- {safe_text(row.origin)}" if row.origin else ""
        print(f"  {row.table:<24} {row.state:<14}{where}")
        if row.missing:
            print(f"  {'':<24} missing: {', '.join(row.missing)}")
        if row.disabled:
            print(f"  {'':<24} not evaluable: {', '.join(row.disabled)}")
        disabled.update(row.disabled)
    print(f"{len(specs) - len(disabled)} of {len(specs)} checks can be evaluated")
    return ExitCode.NOT_EVALUABLE if disabled else ExitCode.OK
