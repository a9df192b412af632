"""Check definitions: one SQL file a requirement, with a `-- key: value` header."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from wgp_audit.errors import CheckDefinitionError
from wgp_audit.paths import sql_dir

_HEADER = re.compile(r"^--\s*([a-z_]+)\s*:\s*(.*?)\s*$")
# a long header value wraps onto lines indented by two or more spaces after `--`, joined with one space
_CONTINUATION = re.compile(r"^--\s{2,}(\S.*?)\s*$")
_REQUIRED = ("id", "title", "clause", "law", "severity")
_KNOWN = (*_REQUIRED, "params", "needs", "subject", "note")
_ID = re.compile(r"^[A-Z]+-\d+[a-z]?$")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_LITERAL_OR_COMMENT = re.compile(r"'(?:[^']|'')*'|--[^\n]*")


class Severity(StrEnum):
    """How serious a finding of this check is (requirements.md, column Sev.)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class CheckSpec:
    """A parsed check: its header fields, the SQL text and where it came from."""

    id: str
    title: str
    clause: str
    law: str
    severity: Severity
    area: str
    path: Path
    sql: str
    params: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    subject: str | None = None
    note: str | None = None


def _split(value: str) -> tuple[str, ...]:
    """The comma-separated items of a header value, stripped, empty ones dropped."""
    return tuple(x.strip() for x in value.split(",") if x.strip())


def parse_check(path: Path) -> CheckSpec:
    """Read one check file; a missing or unknown header key is a CheckDefinitionError naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CheckDefinitionError(f"cannot read check {path}: {exc.strerror}") from exc
    header: dict[str, str] = {}
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        if last is not None and (c := _CONTINUATION.match(line)):
            header[last] = f"{header[last]} {c.group(1)}".strip()
            continue
        last = None
        if m := _HEADER.match(line):
            if m.group(1) not in _KNOWN:
                raise CheckDefinitionError(
                    f"check {path}: unknown header key {m.group(1)!r}",
                    hint=f"use only {', '.join(_KNOWN)}",
                )
            header[m.group(1)] = m.group(2)
            last = m.group(1)
    missing = [k for k in _REQUIRED if not header.get(k)]
    if missing:
        raise CheckDefinitionError(
            f"check {path}: header lacks {', '.join(missing)}",
            hint="start the file with `-- id: RET-3`, `-- title: ...`, `-- clause: ...`, "
            "`-- law: ...`, `-- severity: high|medium|low` lines",
        )
    if not _ID.match(header["id"]):
        raise CheckDefinitionError(f"check {path}: id {header['id']!r} is not like RET-3")
    try:
        severity = Severity(header["severity"].lower())
    except ValueError:
        raise CheckDefinitionError(
            f"check {path}: severity {header['severity']!r} is not high, medium or low"
        ) from None
    params = _split(header.get("params", ""))
    used = set(_PARAM.findall(_LITERAL_OR_COMMENT.sub(" ", text)))
    if used != set(params):
        raise CheckDefinitionError(
            f"check {path}: header params {sorted(params)} differ from the SQL's {sorted(used)}",
            hint="list in `-- params:` exactly the $names the query uses",
        )
    return CheckSpec(
        id=header["id"],
        title=header["title"],
        clause=header["clause"],
        law=header["law"],
        severity=severity,
        area=path.parent.name,
        path=path,
        sql=text,
        params=params,
        needs=_split(header.get("needs", "")),
        subject=header.get("subject") or None,
        note=header.get("note") or None,
    )


def load_checks(
    root: Path | None = None, *, area: str | None = None, ids: tuple[str, ...] = ()
) -> list[CheckSpec]:
    """Load every check under sql/checks (or one area, or some ids), sorted by area and id."""
    root = root or sql_dir() / "checks"
    areas = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if area is not None and area not in areas:
        from wgp_audit.errors import ParameterError

        raise ParameterError(f"unknown check area {area!r}", hint=f"choose one of: {', '.join(areas)}")
    specs = [parse_check(p) for p in sorted(root.glob("*/*.sql")) if area is None or p.parent.name == area]
    seen: dict[str, Path] = {}
    for spec in specs:
        if spec.id in seen:
            raise CheckDefinitionError(
                f"requirement {spec.id} is checked twice: {seen[spec.id]} and {spec.path}",
                hint="keep one check file per requirement",
            )
        seen[spec.id] = spec.path
    if ids:
        unknown = sorted(set(ids) - set(seen))
        if unknown:
            from wgp_audit.errors import ParameterError

            raise ParameterError(
                f"no check implements {', '.join(unknown)}",
                hint="see docs/coverage.md for the implemented ids",
            )
        specs = [s for s in specs if s.id in ids]
    return sorted(specs, key=lambda s: (s.area, _order(s.id)))


def _order(check_id: str) -> tuple[str, int, str]:
    """Sort key of a check id: its prefix, then its number as a number (RET-2 before RET-10)."""
    prefix, _, rest = check_id.partition("-")
    digits = "".join(ch for ch in rest if ch.isdigit())
    return prefix, int(digits or 0), rest
