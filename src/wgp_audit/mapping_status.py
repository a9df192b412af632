"""`wgp-audit map status`: per contract table, mapped, partly mapped or absent, and what each gap disables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wgp_audit.checks import CheckSpec
from wgp_audit.contract import Contract
from wgp_audit.lineage import check_reads
from wgp_audit.validate import ValidationReport


@dataclass(frozen=True)
class TableStatus:
    """One contract table: how the source provides it, what is missing, and the checks that disables."""

    table: str
    state: str  # "mapped", "partly mapped" or "absent"
    origin: str | None
    missing: tuple[str, ...]
    disabled: tuple[str, ...]  # ids of the checks that read a missing part


def table_status(
    contract: Contract, validation: ValidationReport, specs: Sequence[CheckSpec]
) -> list[TableStatus]:
    """The status of every contract table, in contract order, from a (non-strict) validation."""
    gaps = validation.gaps
    reads = {spec.id: check_reads(spec, gaps) for spec in specs}
    out = []
    for table in contract.tables:
        name = table.name
        origin = validation.origins.get(name)
        if name in gaps.tables:
            disabled = sorted(i for i, r in reads.items() if name in r.tables)
            out.append(TableStatus(name, "absent", None, (), tuple(disabled)))
            continue
        missing = gaps.columns.get(name, ())
        disabled = sorted(i for i, r in reads.items() if any((name, c) in r.columns for c in missing))
        state = "partly mapped" if missing else "mapped"
        out.append(TableStatus(name, state, origin.origin if origin else None, missing, tuple(disabled)))
    return out
