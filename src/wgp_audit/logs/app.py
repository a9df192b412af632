"""App event logs (JSON Lines) into typed rows and rejects."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from wgp_audit.logs.engine import Parsed, Spec, ingest
from wgp_audit.logs.files import LogLimits
from wgp_audit.logs.result import IngestResult

FIELDS = ("event", "user_id", "session_id", "actor_id", "actor_role", "ip", "request_id", "purpose")
SCHEMA = pa.schema(
    [("ts", pa.timestamp("us", tz="UTC")), *((f, pa.string()) for f in FIELDS), ("details", pa.string())]
)
_DATE_TIME = r"([0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]+)?"
_RFC3339 = re.compile(rf"{_DATE_TIME}([Zz]|[+-][0-9]{{2}}:[0-9]{{2}})")
_NO_OFFSET = re.compile(_DATE_TIME)
_FAST_TS = _RFC3339.pattern.replace(r"(\.[0-9]+)?", r"(\.[0-9]{1,6})?")
_PATHS = ", ".join(f"'$.{f}'" for f in ("ts", *FIELDS))
_COLUMNS = ", ".join(f"v[{i}] as {f}" for i, f in enumerate(FIELDS, 2))

# Anything unusual (non-string ts or event, odd fractions, non-object details) goes to parse_event.
_FAST = f"""
with j as (select line_no, l, coalesce(json_valid(l), false) as valid from raw),
o as (select line_no, l, valid and json_type(l) = 'OBJECT' as obj from j),
v as (select line_no, l, obj,
             case when obj then json_extract_string(l, [{_PATHS}]) end as v,
             case when obj then json_extract(l, '$.details') end as d,
             case when obj then json_type(l, '$.ts') = 'VARCHAR'
                           and json_type(l, '$.event') = 'VARCHAR' end as strings
      from o)
select line_no, try_cast(v[1] as timestamptz) as ts, {_COLUMNS},
       case when json_type(d) = 'OBJECT' then d::varchar end as details,
       coalesce(obj and strings and (d is null or json_type(d) in ('OBJECT', 'NULL'))
                and regexp_full_match(v[1], '{_FAST_TS}')
                and try_cast(v[1] as timestamptz) is not null, false) as ok,
       l
from v
"""
_EMPTY = (
    "select null::varchar as file, null::bigint as line_no, null::timestamptz as ts, "
    + ", ".join(f"null::varchar as {f}" for f in FIELDS)
    + ", null::varchar as details, null::timestamp as ts_local, null::date as date_local limit 0"
)


def _text(value: object) -> str | None:
    """Keep strings as they are and render other JSON values as compact JSON text."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def parse_event(line: str) -> Parsed | str:
    """Parse one JSON Lines event exactly, or return the reason it is rejected."""
    try:
        obj = json.loads(line)
    except ValueError:
        return "not valid JSON"
    if not isinstance(obj, dict):
        return f"JSON value is not an object (a {type(obj).__name__})"
    for key in ("ts", "event"):
        if obj.get(key) is None:
            return f"required field '{key}' is missing"
    ts, event, details = obj["ts"], obj["event"], obj.get("details")
    if not isinstance(event, str):
        return "event is not a string"
    if details is not None and not isinstance(details, dict):
        return "details is not an object"
    m = _RFC3339.fullmatch(ts) if isinstance(ts, str) else None
    if m is None:
        if isinstance(ts, str) and _NO_OFFSET.fullmatch(ts):
            return "ts has no UTC offset (RFC 3339 needs Z or +hh:mm)"
        return "ts is not an RFC 3339 timestamp"
    stamp = m.group(1).replace("t", "T").replace(" ", "T") + (m.group(2) or "")[:7]
    offset = "+00:00" if m.group(3) in ("Z", "z") else m.group(3)
    try:
        when = datetime.fromisoformat(stamp + offset)
    except ValueError:
        return "ts is not an RFC 3339 timestamp"
    row: Parsed = {f: _text(obj.get(f)) for f in FIELDS}
    row["ts"] = when
    row["details"] = _text(details)
    return row


APP_SPEC = Spec(kind="app", fast_sql=_FAST, schema=SCHEMA, parse=parse_event, empty_rows_sql=_EMPTY)


def ingest_app_logs(
    sources: str | Path | Sequence[str | Path],
    *,
    cache_dir: Path | None,
    tz: str = "Asia/Atyrau",
    limits: LogLimits | None = None,
) -> IngestResult:
    """Parse JSON Lines app events into cached Parquet, keeping every unparsable line as a reject
    (`limits`: line length and .gz expansion, default from the environment)."""
    return ingest(APP_SPEC, sources, cache_dir, tz, "jsonl", limits)
