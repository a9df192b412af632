"""Write a demo dataset as a DuckDB file, as exports (Parquet or CSV), and its manifest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa

from wgp_audit.contract import Contract, load_contract
from wgp_audit.demo.dataset import Dataset
from wgp_audit.sources.base import sql_string

_ARROW = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "BOOLEAN": pa.bool_(),
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "TIMESTAMP WITH TIME ZONE": pa.timestamp("us", tz="UTC"),
    "VARCHAR[]": pa.list_(pa.string()),
}


def _arrow_type(dtype: str) -> pa.DataType:
    """The Arrow type for a contract column type."""
    if dtype.startswith("DECIMAL"):
        return pa.float64()
    return _ARROW[dtype]


def arrow_tables(ds: Dataset, contract: Contract | None = None) -> dict[str, pa.Table]:
    """Each contract table as an Arrow table with the contract's columns (private keys dropped)."""
    contract = contract or load_contract()
    out = {}
    for table in contract.tables:
        rows = ds.rows(table.name)
        arrays = [pa.array([r.get(c.name) for r in rows], type=_arrow_type(c.type)) for c in table.columns]
        out[table.name] = pa.Table.from_arrays(arrays, names=[c.name for c in table.columns])
    return out


def new_duckdb(path: Path, contract: Contract | None = None) -> duckdb.DuckDBPyConnection:
    """A new DuckDB file (replacing any) holding the contract's empty tables."""
    contract = contract or load_contract()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute(contract.ddl)
    return con


def append_duckdb(con: duckdb.DuckDBPyConnection, ds: Dataset, contract: Contract | None = None) -> None:
    """Append the dataset's rows to the contract tables of an open DuckDB file."""
    for name, table in arrow_tables(ds, contract).items():
        if table.num_rows:
            con.register("incoming", table)
            con.execute(f'insert into "{name}" select * from incoming')
            con.unregister("incoming")


def write_duckdb(ds: Dataset, path: Path) -> Path:
    """Write the dataset into a new DuckDB file built from the contract DDL (replacing it)."""
    contract = load_contract()
    con = new_duckdb(path, contract)
    try:
        append_duckdb(con, ds, contract)
        con.execute("checkpoint")
    finally:
        con.close()
    return path


def write_exports(ds: Dataset, folder: Path, fmt: Literal["parquet", "csv"] = "parquet") -> Path:
    """Write one `<table>.parquet` or `<table>.csv` per contract table (lists `;`-joined in CSV)."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        for name, table in arrow_tables(ds).items():
            con.register("incoming", table)
            target = sql_string(str(folder / f"{name}.{fmt}"))
            if fmt == "parquet":
                con.execute(f"copy incoming to {target} (format parquet)")
            else:
                cols = [
                    f"array_to_string({f.name}, ';') as {f.name}"
                    if pa.types.is_list(f.type)
                    else f"strftime({f.name}, '%Y-%m-%dT%H:%M:%S.%fZ') as {f.name}"
                    if pa.types.is_timestamp(f.type)
                    else f.name
                    for f in table.schema
                ]
                con.execute(
                    f"copy (select {', '.join(cols)} from incoming) to {target} (header, delimiter ',')"
                )
            con.unregister("incoming")
    finally:
        con.close()
    return folder


def manifest_dict(ds: Dataset) -> dict[str, Any]:
    """The ground truth: which requirement must find which record key, and the near-misses."""
    return {
        "seed": ds.seed,
        "as_of": ds.as_of.isoformat(),
        "planted": [
            {
                "requirement_id": p.requirement_id,
                "record_key": p.record_key,
                "expected": p.expected,
                "note": p.note,
            }
            for p in ds.manifest
        ],
    }


def write_manifest(ds: Dataset, path: Path) -> Path:
    """Write the manifest as JSON."""
    path.write_text(json.dumps(manifest_dict(ds), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path
