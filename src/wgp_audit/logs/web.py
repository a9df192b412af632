"""Web access logs (nginx/Apache combined and common formats) into typed rows and rejects."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Literal

import pyarrow as pa

from wgp_audit.errors import ParameterError
from wgp_audit.logs.engine import Parsed, Spec, ingest
from wgp_audit.logs.files import LogLimits
from wgp_audit.logs.result import IngestResult

LogFormat = Literal["combined", "common", "auto"]

SCHEMA = pa.schema(
    [
        ("remote_addr", pa.string()),
        ("remote_user", pa.string()),
        ("ts", pa.timestamp("us", tz="UTC")),
        ("method", pa.string()),
        ("path", pa.string()),
        ("protocol", pa.string()),
        ("status", pa.int32()),
        ("bytes", pa.int64()),
        ("referer", pa.string()),
        ("user_agent", pa.string()),
    ]
)
_Q = r'"((?:[^"\\]|\\.)*)"'
_LINE = re.compile(rf"(\S+) (\S+) (\S+) \[([^\]]*)\] {_Q} (\S+) (\S+)(?: {_Q} {_Q})?", re.DOTALL)
_TOKENS = re.compile(r'\[[^\]]*\]?|"(?:[^"\\]|\\.)*"?|\S+')
_REQUEST = re.compile(r"([A-Z][A-Z0-9_-]*) (\S+) (HTTP/[0-9](?:\.[0-9])?)")

# Lines with an escaped quote, odd spacing or anything unusual fail `ok` and go to `parse_line`.
_FAST = """
with s as (select line_no, l, string_split(l, '"') as q from raw),
p as (select line_no, l, q, string_split(q[1], ' ') as h, string_split(q[2], ' ') as r,
             string_split(q[3], ' ') as sb from s)
select line_no, h[1] as remote_addr, nullif(h[3], '-') as remote_user,
       try_strptime(h[4] || ' ' || h[5], '[%d/%b/%Y:%H:%M:%S %z]') as ts,
       r[1] as method, r[2] as path, r[3] as protocol, try_cast(sb[2] as integer) as status,
       case when sb[3] = '-' then 0 else try_cast(sb[3] as bigint) end as bytes,
       nullif(q[4], '-') as referer, nullif(q[6], '-') as user_agent,
       coalesce(({shape}) and strpos(l, '\\"') = 0
                and len(h) = 6 and h[6] = '' and h[1] <> '' and h[2] <> '' and h[3] <> ''
                and len(r) = 3 and regexp_full_match(r[1], '[A-Z][A-Z0-9_-]*') and r[2] <> ''
                and regexp_full_match(r[3], 'HTTP/[0-9](\\.[0-9])?')
                and sb[1] = '' and regexp_full_match(sb[2], '[0-9]{{3}}')
                and (sb[3] = '-' or regexp_full_match(sb[3], '[0-9]{{1,18}}'))
                and try_strptime(h[4] || ' ' || h[5], '[%d/%b/%Y:%H:%M:%S %z]') is not null,
                false) as ok,
       l
from p
"""
_SHAPES = {
    "combined": "len(q) = 7 and q[5] = ' ' and q[7] = '' and len(sb) = 4 and sb[4] = ''",
    "common": "len(q) = 3 and len(sb) = 3",
}
_SHAPES["auto"] = f"(({_SHAPES['combined']}) or ({_SHAPES['common']}))"
_EMPTY = (
    "select null::varchar as file, null::bigint as line_no, null::varchar as remote_addr, "
    "null::varchar as remote_user, null::timestamptz as ts, null::varchar as method, "
    "null::varchar as path, null::varchar as protocol, null::integer as status, "
    "null::bigint as bytes, null::varchar as referer, null::varchar as user_agent, "
    "null::timestamp as ts_local, null::date as date_local limit 0"
)


def _unmatched_reason(line: str, log_format: LogFormat) -> str:
    """Explain why a line does not have the combined/common layout."""
    tokens = _TOKENS.findall(line)
    if any(t[0] == '"' and (len(t) == 1 or t[-1] != '"' or t.endswith('\\"')) for t in tokens):
        return "a quoted field is not closed (line cut short?)"
    if any(t[0] == "[" and t[-1] != "]" for t in tokens):
        return "timestamp bracket is not closed (line cut short?)"
    need = 7 if log_format == "common" else 9
    if len(tokens) < 7 or (log_format == "combined" and len(tokens) < 9):
        return f"line truncated (fewer than {need} fields)"
    return f"line does not have the {'combined or common' if log_format == 'auto' else log_format} layout"


def parse_line(line: str, log_format: LogFormat = "auto") -> Parsed | str:
    """Parse one access-log line exactly, or return the reason it is rejected."""
    m = _LINE.fullmatch(line)
    if m is None:
        return _unmatched_reason(line, log_format)
    addr, _ident, user, ts, request, status, size, referer, agent = m.groups()
    if referer is None and log_format == "combined":
        return "no referer and user-agent fields (a common-format line; combined was asked)"
    if referer is not None and log_format == "common":
        return "referer and user-agent present (a combined-format line; common was asked)"
    if request == "-":
        return "request field is '-' (the client sent no request line)"
    req = _REQUEST.fullmatch(request)
    if req is None:
        return "request field is not 'METHOD target PROTOCOL' (binary data?)"
    try:
        when = datetime.strptime(ts, "%d/%b/%Y:%H:%M:%S %z")
    except ValueError:
        return "timestamp not in [dd/Mon/yyyy:HH:MM:SS +zzzz] form"
    if not re.fullmatch(r"[0-9]{3}", status):
        return "status is not a 3-digit number"
    if size != "-" and not re.fullmatch(r"[0-9]{1,18}", size):
        return "bytes sent is not a number or '-'"
    return {
        "remote_addr": addr,
        "remote_user": None if user == "-" else user,
        "ts": when,
        "method": req.group(1),
        "path": req.group(2),
        "protocol": req.group(3),
        "status": int(status),
        "bytes": 0 if size == "-" else int(size),
        "referer": None if referer in (None, "-") else referer,
        "user_agent": None if agent in (None, "-") else agent,
    }


def web_spec(log_format: LogFormat) -> Spec:
    """Return the parsing spec of web access logs in the given format."""
    if log_format not in _SHAPES:
        raise ParameterError(f"unknown log format {log_format!r}", hint="use combined, common or auto")
    return Spec(
        kind="web",
        fast_sql=_FAST.format(shape=_SHAPES[log_format]),
        schema=SCHEMA,
        parse=partial(parse_line, log_format=log_format),
        empty_rows_sql=_EMPTY,
    )


def ingest_web_logs(
    sources: str | Path | Sequence[str | Path],
    *,
    cache_dir: Path | None,
    tz: str = "Asia/Atyrau",
    log_format: LogFormat = "auto",
    limits: LogLimits | None = None,
) -> IngestResult:
    """Parse web access logs into cached Parquet, keeping every unparsable line as a reject
    (`limits`: line length and .gz expansion, default from the environment)."""
    return ingest(web_spec(log_format), sources, cache_dir, tz, log_format, limits)
