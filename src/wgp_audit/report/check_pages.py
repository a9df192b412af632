"""The run's check documentation (checks.html): one anchored section per check the run evaluated.

Each section says what the check tests and how: the requirement text (from the shared catalogue
when it is beside the workspace, else the check header's title), the policy clause and law
article, the interpretation note, the SQL as it ran (escaped, highlighted without any script),
the parameters bound in this run with their values (identifiers in them masked, as in free text),
the outcome in this run, and which columns a finding of the check shows. No finding's values
appear: the page holds no personal data.
Findings link here as `checks.html#<check id>` (see wgp_audit.report.navigation).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

from wgp_audit.coverage import Requirement, load_requirements
from wgp_audit.errors import ConfigError, redact_secrets
from wgp_audit.findings import PERSON_COLUMNS, CheckResult, Outcome
from wgp_audit.identifiers import mask
from wgp_audit.notebook import NOTEBOOK_AREAS
from wgp_audit.report import runs, tables

if TYPE_CHECKING:
    from sqlglot.tokenizer_core import Token

CHECKS_PAGE: Final = "checks.html"
#: What every finding row shows besides the check's own evidence columns (findings tables, exports).
FINDING_COLUMNS: Final = (
    "finding_id (check and pseudonymised record)",
    "severity",
    "what (the reason, identifiers masked)",
    "who (pseudonym)",
    "when",
)
#: Columns every check returns that are shown under other names (record -> finding id, reason -> what).
_RESERVED: Final = frozenset({"record_key", "reason", "occurred_at"})
_HEADER_LINE: Final = re.compile(r"^\s*--")
_COMMENT: Final = re.compile(r"--[^\n]*")
_PAGE_STYLE: Final = """<style>
.wgp-check { border-top: 2px solid #444; margin-top: 28px; padding-top: 4px; }
.wgp-check dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
.wgp-check dt { font-weight: bold; }
.wgp-check dd { margin: 0; }
pre.wgp-sql { background: #f6f6f6; border: 1px solid #ccc; padding: 10px; overflow-x: auto;
  font: 13px/1.4 "DejaVu Sans Mono", "Liberation Mono", monospace; white-space: pre; }
pre.wgp-sql .k { color: #0b4f8a; font-weight: bold; }
pre.wgp-sql .s { color: #8a3b00; }
pre.wgp-sql .n { color: #005f3a; }
pre.wgp-sql .p { color: #7a1f7a; font-weight: bold; }
pre.wgp-sql .c { color: #555; font-style: italic; }
.wgp-outcome-fail { color: #a33; font-weight: bold; }
.wgp-outcome-error, .wgp-outcome-not_evaluable { background: #E69F00; font-weight: bold; }
</style>"""


_INTRO: Final = (
    '<p id="contents">Every check this run evaluated: the requirement it tests, its policy clause and '
    "law article, how the requirement was interpreted, the SQL that ran, the parameters bound in "
    "this run, and the outcome. Each finding in the run's pages links to its check here. This page "
    "shows no finding's values.</p>"
)


@dataclass(frozen=True)
class CheckDoc:
    """Everything the page says about one check in one run (no finding's values)."""

    id: str
    title: str
    area: str
    severity: str
    requirement: str
    requirement_from: str  # "the requirements catalogue" or "the check header (title)"
    clause: str
    law: str
    note: str | None
    sql: str  # the query without its header; empty for data-quality checks (no SQL of their own)
    parameters: tuple[tuple[str, str], ...]
    outcome: str
    findings: int
    message: str | None
    evidence_columns: tuple[str, ...]
    person_columns: tuple[str, ...]
    area_page: str | None  # the run's page whose findings table lists this check's findings


def check_href(check_id: str, page: str = CHECKS_PAGE) -> str:
    """The link to a check's section (its id is the section's anchor)."""
    return f"{page}#{html.escape(check_id, quote=True)}"


def write_check_pages(
    run_dir: Path,
    results: Sequence[CheckResult],
    parameters: Mapping[str, object],
    banner: str | None = None,
    requirements: Sequence[Requirement] | None = None,
) -> Path:
    """Write `run_dir`/checks.html for the run's results and parameters; return its path."""
    pages = sorted(p.stem for p in run_dir.glob("[0-9][0-9]_*.html"))
    docs = check_docs(results, parameters, pages, requirements)
    out = run_dir / CHECKS_PAGE
    out.write_text(render_page(docs, run_dir.name, banner), encoding="utf-8")
    return out


def check_docs(
    results: Sequence[CheckResult],
    parameters: Mapping[str, object],
    pages: Sequence[str] = (),
    requirements: Sequence[Requirement] | None = None,
) -> list[CheckDoc]:
    """One CheckDoc per result, in the results' order."""
    catalogue = {r.id: r for r in (requirements if requirements is not None else _catalogue())}
    docs = []
    for r in results:
        spec = r.spec
        req = catalogue.get(spec.id)
        evidence, people = evidence_columns(r)
        message = mask(redact_secrets(r.message)) if r.message else None
        docs.append(
            CheckDoc(
                id=spec.id,
                title=spec.title,
                area=spec.area,
                severity=spec.severity.value,
                requirement=req.text if req else spec.title,
                requirement_from="the requirements catalogue" if req else "the check header (title)",
                clause=spec.clause,
                law=spec.law,
                note=spec.note,
                sql=query_body(spec.sql),
                parameters=tuple((p, mask(show_value(parameters.get(p)))) for p in spec.params),
                outcome=r.outcome.value,
                findings=len(r.findings),
                message=message,
                evidence_columns=evidence,
                person_columns=people,
                area_page=area_page(spec.area, pages),
            )
        )
    return docs


def _catalogue() -> list[Requirement]:
    """The shared requirements catalogue, or none when ../shared is not beside the workspace."""
    try:
        return load_requirements()
    except ConfigError:
        return []


def query_body(sql: str) -> str:
    """The check's SQL without its `-- key: value` header (shown above it) and leading blank lines."""
    lines = sql.splitlines()
    while lines and (_HEADER_LINE.match(lines[0]) or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines).rstrip() + ("\n" if lines else "")


def evidence_columns(result: CheckResult) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(non-personal evidence columns, person columns) a finding of this check carries.

    Read from the findings when there are any, else from the query's select list (sqlglot)."""
    if result.findings:
        names = list(result.findings[0].evidence)
    elif result.spec.sql:
        names = _selected_columns(query_body(result.spec.sql))
    else:
        names = []
    names = [n for n in names if n not in _RESERVED]
    return (
        tuple(n for n in names if n not in PERSON_COLUMNS),
        tuple(n for n in names if n in PERSON_COLUMNS),
    )


@lru_cache(maxsize=256)
def _tokens(sql: str) -> tuple[Token, ...] | None:
    """sqlglot's DuckDB tokens of a query (tokenized once for both the columns and the
    highlighting: the tokenizer is most of the page's cost), None when it cannot tokenize."""
    from sqlglot.dialects.duckdb import DuckDB
    from sqlglot.errors import SqlglotError

    try:
        return tuple(DuckDB().tokenize(sql))
    except SqlglotError:
        return None


def _selected_columns(sql: str) -> list[str]:
    """The output column names of a query, or none when sqlglot cannot parse it."""
    from sqlglot import exp
    from sqlglot.dialects.duckdb import DuckDB
    from sqlglot.errors import SqlglotError

    tokens = _tokens(sql)
    if tokens is None:
        return []
    try:
        query = DuckDB().parser().parse(list(tokens), sql)[0]
    except (SqlglotError, IndexError):
        return []
    return list(query.named_selects) if isinstance(query, exp.Query) else []


def area_page(area: str, pages: Iterable[str]) -> str | None:
    """The run page (e.g. 40_requests) whose findings table shows an area's findings: the area's own
    notebook, else the summary (which shows every area)."""
    fallback = None
    for stem in pages:
        areas = NOTEBOOK_AREAS.get(stem.split("_", 1)[-1])
        if areas is None:
            continue
        if area in areas:
            return stem
        if not areas:
            fallback = stem
    return fallback


def show_value(value: object) -> str:
    """A parameter value as the page shows it: dates ISO, lists comma-separated, None as 'not set'."""
    if value is None:
        return "not set"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(show_value(v) for v in value)
    return str(value)


def highlight_sql(sql: str) -> str:
    """The SQL escaped for a <pre>, keywords, strings, numbers, $parameters and comments marked
    with span classes; text sqlglot cannot tokenize is shown escaped, unmarked."""
    from sqlglot.tokenizer_core import TokenType

    tokens = _tokens(sql)
    if tokens is None:
        return html.escape(sql)
    out: list[str] = []
    pos = 0
    parameter_at: int | None = None  # where a `$` began: the name after it joins its span
    for token in tokens:
        start, end = token.start, token.end + 1
        if start < pos or end <= start:
            continue
        kind = token.token_type
        if kind is TokenType.PARAMETER:
            out.append(_gap(sql[pos:start]))
            parameter_at, pos = start, end
            continue
        if parameter_at is not None:
            start, parameter_at = parameter_at, None
            css = "p"
        else:
            out.append(_gap(sql[pos:start]))
            css = _token_class(kind, sql[start:end])
        text = html.escape(sql[start:end])
        out.append(f'<span class="{css}">{text}</span>' if css else text)
        pos = end
    out.append(_gap(sql[pos:]))
    return "".join(out)


def _token_class(kind: object, text: str) -> str:
    """The span class of one token: k keyword, s string, n number, '' a name or punctuation."""
    from sqlglot.tokenizer_core import TokenType

    if kind is TokenType.STRING:
        return "s"
    if kind is TokenType.NUMBER:
        return "n"
    if kind in (TokenType.VAR, TokenType.IDENTIFIER):
        return ""
    return "k" if text.replace("_", "").replace(" ", "").isalpha() else ""


def _gap(text: str) -> str:
    """Text between tokens (blanks and comments), escaped, the comments marked."""
    out, pos = [], 0
    for m in _COMMENT.finditer(text):
        out += [html.escape(text[pos : m.start()]), f'<span class="c">{html.escape(m.group())}</span>']
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def render_page(docs: Sequence[CheckDoc], run_id: str, banner: str | None = None) -> str:
    """The complete checks.html: a contents table, then one section per check."""
    rows = [
        [
            f'<a href="#{html.escape(d.id, quote=True)}">{html.escape(d.id)}</a>',
            html.escape(d.title),
            html.escape(d.area),
            d.severity,
            _outcome(d),
            str(d.findings),
        ]
        for d in docs
    ]
    body = (
        _PAGE_STYLE
        + _INTRO
        + runs.table(["check", "title", "area", "severity", "outcome", "findings"], rows, (0, 1, 2, 4))
        + "".join(_section(d) for d in docs)
        + tables.assets()
    )
    return runs.page(f"Checks of run {run_id}", body, banner)


def _outcome(doc: CheckDoc) -> str:
    """The outcome in words (HTML), marked when the check failed, broke or could not be evaluated."""
    text = {
        Outcome.PASS.value: "passed: no findings",
        Outcome.FAIL.value: f"failed: {doc.findings} finding{'s' if doc.findings != 1 else ''}",
        Outcome.NOT_EVALUABLE.value: "not evaluable",
        Outcome.ERROR.value: "error: the check broke",
    }.get(doc.outcome, doc.outcome)
    return f'<span class="wgp-outcome-{html.escape(doc.outcome)}">{html.escape(text)}</span>'


def _section(doc: CheckDoc) -> str:
    """One check's anchored section."""
    e = html.escape
    note = e(doc.note) if doc.note else "(no interpretation note: the requirement is tested as written)"
    outcome = _outcome(doc) + (f" ({e(doc.message)})" if doc.message else "")
    if doc.area_page and doc.findings:
        outcome += f' · <a href="{e(doc.area_page)}.html">its findings on {e(doc.area_page)}</a>'
    evidence = ", ".join(e(c) for c in doc.evidence_columns) or "(none beyond the finding's own)"
    people = (
        f"<dd>{', '.join(e(c) for c in doc.person_columns)} (kept with the run's results; reports show "
        "only a pseudonym, as who)</dd>"
        if doc.person_columns
        else "<dd>none</dd>"
    )
    params = (
        runs.table(["parameter", "value in this run"], [[f"${p}", v] for p, v in doc.parameters])
        if doc.parameters
        else "<p>No parameters.</p>"
    )
    sql = (
        f'<pre class="wgp-sql">{highlight_sql(doc.sql)}</pre>'
        if doc.sql
        else "<p>No SQL of its own: found while validating the source against the data contract "
        "(sql/schema/contract.sql); the rows are never dropped.</p>"
    )
    return (
        f'<section class="wgp-check" id="{e(doc.id, quote=True)}">'
        f"<h2>{e(doc.id)} · {e(doc.title)}</h2><dl>"
        f"<dt>Requirement</dt><dd>{e(doc.requirement)} <small>(from {e(doc.requirement_from)})</small></dd>"
        f"<dt>Policy clause</dt><dd>{e(doc.clause)}</dd>"
        f"<dt>Law</dt><dd>{e(doc.law)}</dd>"
        f"<dt>Area, severity</dt><dd>{e(doc.area)}, {e(doc.severity)}</dd>"
        f"<dt>Interpretation</dt><dd>{note}</dd>"
        f"<dt>Outcome in this run</dt><dd>{outcome}</dd>"
        f"<dt>A finding shows</dt><dd>{', '.join(e(c) for c in FINDING_COLUMNS)}</dd>"
        f"<dt>Evidence columns</dt><dd>{evidence}</dd>"
        f"<dt>Person columns</dt>{people}</dl>"
        f"<h3>Parameters</h3>{params}<h3>SQL</h3>{sql}"
        '<p><a href="#contents">all checks</a> · <a href="index.html">run index</a></p></section>'
    )
