"""checks.html, the links between a run's pages, and the run diff by check (no kernel, no browser)."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pytest

from wgp_audit.checks import CheckSpec, load_checks
from wgp_audit.config import load_yardstick
from wgp_audit.coverage import Requirement
from wgp_audit.findings import CheckResult, Finding, Outcome
from wgp_audit.params import audit_period
from wgp_audit.report.check_pages import (
    CHECKS_PAGE,
    check_docs,
    evidence_columns,
    highlight_sql,
    query_body,
    write_check_pages,
)
from wgp_audit.report.navigation import NAV_CLASS, add_nav, link_checks, link_run_pages, nav_bar
from wgp_audit.report.run_diff import diff_rows, diff_section

SECRET_USER = "usr-271828"
SECRET_EMAIL = "aigul.secret@example.kz"
SECRET_RECORD = "req-31415926"


def _spec(check_id: str) -> CheckSpec:
    return next(s for s in load_checks() if s.id == check_id)


def _parameters() -> dict[str, object]:
    yardstick = load_yardstick(None)
    period = audit_period("2026-01-31", "2025-02-01", None, yardstick.time_zone)
    return {**period.params(), **yardstick.params()}


def _failing(spec: CheckSpec) -> CheckResult:
    """A failed result whose finding holds a person, an e-mail and a record key in every field."""
    finding = Finding(
        spec.id,
        SECRET_RECORD,
        f"request of {SECRET_EMAIL} ({SECRET_USER}) answered late",
        subject_id=SECRET_USER,
        evidence={"user_id": SECRET_USER, "answer_by": "2026-01-09", "answered_at": "2026-01-20"},
    )
    return CheckResult(spec, Outcome.FAIL, (finding,))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """checks.html for every check of the catalogue, DSR-1 failing with personal data in its finding."""
    run_dir = tmp_path_factory.mktemp("run")
    (run_dir / "40_requests.html").write_text("<html><body></body></html>", encoding="utf-8")
    results = [_failing(s) if s.id == "DSR-1" else CheckResult(s, Outcome.PASS) for s in load_checks()]
    return write_check_pages(run_dir, results, _parameters()).read_text(encoding="utf-8")


def _section(page: str, check_id: str) -> str:
    start = page.index(f'<section class="wgp-check" id="{check_id}">')
    return page[start : page.index("</section>", start)]


def test_every_check_has_a_section_with_its_note_sql_and_the_values_of_its_parameters(page: str) -> None:
    parameters = _parameters()
    for spec in load_checks():
        section = _section(page, spec.id)
        assert html.escape(spec.clause) in section and html.escape(spec.law) in section, spec.id
        if spec.note:
            assert html.escape(spec.note) in section, spec.id
        shown_sql = html.unescape(re.sub(r"<[^>]+>", "", section.split('<pre class="wgp-sql">')[1]))
        assert query_body(spec.sql).strip() in shown_sql, spec.id
        for name in spec.params:
            assert f"<td>${name}</td>" in section, (spec.id, name)
    dsr1 = _section(page, "DSR-1")
    assert "<td>$deadline_access_request</td><td>3</td>" in dsr1
    assert f"<td>$deadline_access_request</td><td>{parameters['deadline_access_request']}</td>" in dsr1
    assert "<td>$as_of</td><td>2026-01-31 23:59:59" in dsr1


def test_the_outcome_and_the_area_page_of_the_findings_are_shown(page: str) -> None:
    dsr1 = _section(page, "DSR-1")
    assert "failed: 1 finding" in dsr1 and 'href="40_requests.html"' in dsr1
    assert "passed: no findings" in _section(page, "DSR-2")


def test_the_page_shows_no_value_of_a_finding(page: str) -> None:
    for secret in (SECRET_USER, SECRET_EMAIL, SECRET_RECORD, "answered late", "2026-01-20"):
        assert secret not in page, secret
    dsr1 = _section(page, "DSR-1")
    assert "answer_by, answered_at" in dsr1  # the evidence columns by name
    assert "user_id (kept with the run" in dsr1  # a person column: named, shown only as a pseudonym


def test_the_requirement_text_comes_from_the_catalogue_else_from_the_title() -> None:
    spec = _spec("DSR-1")
    result = [CheckResult(spec, Outcome.PASS)]
    given = [Requirement("DSR-1", "PP-20", "Access requests answered on time")]
    (doc,) = check_docs(result, {}, requirements=given)
    assert doc.requirement == "Access requests answered on time"
    assert doc.requirement_from == "the requirements catalogue"
    (alone,) = check_docs(result, {}, requirements=[])  # installed without ../shared
    assert alone.requirement == spec.title and alone.requirement_from == "the check header (title)"


def test_an_unset_parameter_and_a_list_are_shown_in_words() -> None:
    spec = replace(_spec("DSR-1"), params=("period_end", "affiliate_ids"))
    (doc,) = check_docs([CheckResult(spec, Outcome.PASS)], {"affiliate_ids": ["AF-1", "AF-2"]})
    assert doc.parameters == (("period_end", "not set"), ("affiliate_ids", "AF-1, AF-2"))


def test_an_identifier_in_a_parameter_value_is_masked() -> None:
    spec = replace(_spec("DSR-1"), params=("affiliate_ids",))
    (doc,) = check_docs([CheckResult(spec, Outcome.PASS)], {"affiliate_ids": [SECRET_EMAIL, "AF-2"]})
    ((name, value),) = doc.parameters
    assert name == "affiliate_ids"
    assert SECRET_EMAIL not in value and value.endswith(", AF-2")


def test_an_error_message_is_shown_with_identifiers_masked() -> None:
    result = CheckResult(_spec("DSR-1"), Outcome.ERROR, message=f"could not convert {SECRET_EMAIL}")
    (doc,) = check_docs([result], {})
    assert doc.message is not None and SECRET_EMAIL not in doc.message and "could not convert" in doc.message


def test_evidence_columns_come_from_the_select_list_when_nothing_was_found() -> None:
    evidence, people = evidence_columns(CheckResult(_spec("DSR-1"), Outcome.PASS))
    assert evidence == ("answer_by", "answered_at") and people == ("user_id",)


def test_sql_is_escaped_and_highlighted_and_reads_as_written_for_every_check() -> None:
    for spec in load_checks():
        body = query_body(spec.sql)
        shown = highlight_sql(body)
        assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == body, spec.id
    shown = highlight_sql("select 'a<b' as x -- why\nfrom t where n > $limit_days and k = 2")
    assert '<span class="k">select</span>' in shown and '<span class="s">&#x27;a&lt;b&#x27;</span>' in shown
    assert '<span class="c">-- why</span>' in shown and '<span class="p">$limit_days</span>' in shown
    assert '<span class="n">2</span>' in shown and "&gt;" in shown and "<b" not in shown


def test_query_body_drops_the_header_only() -> None:
    assert query_body("-- id: X-1\n-- title: t\n\nselect 1 -- a comment\n") == "select 1 -- a comment\n"


def test_check_and_finding_id_cells_link_to_their_check_and_nothing_else_does() -> None:
    page = (
        "<td>DSR-1</td><td>DSR-1:r-0c4e9a7b21f3</td><td>PUR-2</td><td>DSR-1 late</td>"
        '<td><a href="x.html">DSR-1</a></td><td><span class="wgp-id">DSR-1:r-1</span></td>'
    )
    linked = link_checks(page, {"DSR-1"})
    assert linked == (
        '<td><a href="checks.html#DSR-1">DSR-1</a></td>'
        '<td><a href="checks.html#DSR-1">DSR-1:r-0c4e9a7b21f3</a></td>'
        '<td>PUR-2</td><td>DSR-1 late</td><td><a href="x.html">DSR-1</a></td>'
        '<td><span class="wgp-id"><a href="checks.html#DSR-1">DSR-1:r-1</a></span></td>'
    )


def test_the_nav_bar_marks_the_current_page_and_is_added_once() -> None:
    bar = nav_bar("40_requests.html", ["00_summary.html", "40_requests.html"])
    assert '<a href="40_requests.html" aria-current="page">requests</a>' in bar
    assert '<a href="index.html">run index</a>' in bar and '<a href="../index.html">all runs</a>' in bar
    assert f'<a href="{CHECKS_PAGE}">checks</a>' in bar
    once = add_nav('<html><body class="jp-Notebook">x</body></html>', bar)
    assert once.startswith('<html><body class="jp-Notebook"><nav class="wgp-nav"')
    assert add_nav(once, bar) == once


def test_every_page_of_a_run_folder_gets_the_bar_and_its_links(tmp_path: Path) -> None:
    for name in ("index.html", "00_summary.html", "40_requests.html", "checks.html"):
        (tmp_path / name).write_text("<html><body><table><tr><td>DSR-1</td></tr></table></body></html>")
    (tmp_path / "notes.html").write_text("<html><body></body></html>")  # not a page of the run
    changed = link_run_pages(tmp_path, ["DSR-1"])
    assert sorted(p.name for p in changed) == [
        "00_summary.html",
        "40_requests.html",
        "checks.html",
        "index.html",
    ]
    for path in changed:
        text = path.read_text()
        assert text.count(f'class="{NAV_CLASS}"') == 1 and 'href="checks.html#DSR-1"' in text
    assert link_run_pages(tmp_path, ["DSR-1"]) == []  # a second pass changes nothing


DIFF = {
    "previous_run": "2026-11-01T000000Z-abcdef",
    "new": ["DSR-1:r-aaaa", "DSR-1:r-bbbb", "RET-3:r-cccc"],
    "resolved": ["RET-3:r-dddd"],
    "persisting": ["CON-1:r-eeee"],
}
TITLES = {"DSR-1": "Access request late", "RET-3": "Closed account kept", "CON-1": "No consent"}


def test_the_diff_counts_findings_by_check_new_first() -> None:
    rows = diff_rows(DIFF, TITLES)
    assert [(r["check_id"], r["new"], r["resolved"], r["persisting"]) for r in rows] == [
        ("DSR-1", 2, 0, 0),
        ("RET-3", 1, 1, 0),
        ("CON-1", 0, 0, 1),
    ]
    assert rows[1]["ids"]["resolved"] == ["RET-3:r-dddd"]


def test_the_diff_section_names_each_check_and_folds_the_ids_away() -> None:
    section = diff_section(DIFF, TITLES)
    assert "3 new, 1 resolved and 1 persisting findings in 3 checks." in section
    assert '<a href="checks.html#DSR-1">DSR-1</a></td><td>Access request late</td><td>2</td>' in section
    ids = section.index("<details>")
    assert section.index("DSR-1:r-aaaa") > ids  # the ids only inside the folded detail


def test_a_first_run_says_every_finding_is_new_without_listing_ids() -> None:
    section = diff_section({"previous_run": None, "new": ["DSR-1:r-aaaa"], "resolved": [], "persisting": []})
    assert "all 1 findings are new" in section and "r-aaaa" not in section
