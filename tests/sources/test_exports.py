"""Exports folders (Parquet and CSV) read the same as the DuckDB file, and faults are named."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from wgp_audit.audit import open_audit
from wgp_audit.demo import DemoOutput, build_dataset
from wgp_audit.demo.writer import write_exports
from wgp_audit.errors import ContractError, SourceError
from wgp_audit.params import DEMO_AS_OF, DEMO_PERIOD_START


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    ds = build_dataset()
    root = tmp_path_factory.mktemp("exports")
    return {fmt: write_exports(ds, root / fmt, fmt) for fmt in ("parquet", "csv")}  # type: ignore[arg-type]


def _found(source: str | Path) -> set[tuple[str, str]]:
    # exports carry no demo manifest (their audit date would default to today): the demo's dates
    with open_audit(source, as_of=DEMO_AS_OF, period_start=DEMO_PERIOD_START) as audit:
        return {(r.spec.id, f.record_key) for r in audit.run_checks() for f in r.findings}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_exports_give_the_same_findings_as_the_duckdb_file(
    exports: dict[str, Path], demo: DemoOutput, fmt: str
) -> None:
    assert _found(exports[fmt]) == _found(demo.database)


def _copy(exports: dict[str, Path], fmt: str, tmp_path: Path) -> Path:
    target = tmp_path / fmt
    shutil.copytree(exports[fmt], target)
    return target


def test_missing_table_is_named_with_its_source(exports: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(exports, "parquet", tmp_path)
    (folder / "consents.parquet").unlink()
    with pytest.raises(ContractError, match=r"table consents is missing from exports folder"):
        open_audit(folder, strict_contract=True)
    with open_audit(folder) as audit:  # by default a gap, named with where it was looked for
        assert audit.validation.gaps.tables == {"consents": f"exports folder {folder}"}


def test_missing_column_is_named_with_table_and_file(exports: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(exports, "parquet", tmp_path)
    path = str(folder / "users.parquet")
    duckdb.execute(f"copy (select * exclude (closed_at) from '{path}') to '{path}.tmp' (format parquet)")
    Path(path + ".tmp").replace(path)
    with pytest.raises(ContractError, match=r"table users \(users.parquet\) has no column closed_at"):
        open_audit(folder, strict_contract=True)
    with open_audit(folder) as audit:
        assert audit.validation.gaps.columns == {"users": ("closed_at",)}


def test_timestamp_without_zone_in_csv_is_refused(exports: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(exports, "csv", tmp_path)
    csv = folder / "security_incidents.csv"
    lines = csv.read_text().splitlines()
    lines[1] = lines[1].replace("Z", "", 1)
    csv.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        ContractError, match=r"security_incidents\.detected_at .*not a timestamp with a time zone"
    ):
        open_audit(folder)


def test_duplicate_primary_key_is_refused(exports: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(exports, "csv", tmp_path)
    csv = folder / "recipients.csv"
    lines = csv.read_text().splitlines()
    csv.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(ContractError, match=r"duplicate recipient_id values: 'rcp-aff-1' \(2 rows\)"):
        open_audit(folder)


def test_unknown_enumeration_value_is_a_data_quality_finding_and_the_row_is_kept(
    exports: dict[str, Path], tmp_path: Path
) -> None:
    folder = _copy(exports, "csv", tmp_path)
    csv = folder / "recipients.csv"
    csv.write_text(csv.read_text().replace(",affiliate,", ",sister_company,", 1))
    with open_audit(folder) as audit:
        dq = next(r for r in audit.run_checks(area="data_quality") if r.spec.id == "DQ-1")
        kept = audit.query("select count(*) as n from stg_recipients where kind = 'sister_company'")
    assert [f.record_key for f in dq.findings] == ["recipients:rcp-aff-1"]
    assert kept["n"][0] == 1


def test_wrong_column_type_is_named(exports: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(exports, "parquet", tmp_path)
    path = str(folder / "cookies.parquet")
    duckdb.execute(
        f"copy (select * replace (essential::varchar || 'x' as essential) from '{path}')"
        f" to '{path}.tmp' (format parquet)"
    )
    Path(path + ".tmp").replace(path)
    with pytest.raises(ContractError, match=r"column cookies\.essential \(cookies.parquet\) is VARCHAR"):
        open_audit(folder)


def test_source_path_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        open_audit(tmp_path / "nowhere.duckdb")
