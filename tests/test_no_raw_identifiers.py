"""What a report shows never holds a raw identifier of a demo person, whatever check produced it.

Every check runs on the demo (with its logs); every text a report shows is gathered: each finding
row (reason, who, record, id), the tables the notebooks display, and every chart's specification
(labels and inline data). None may hold a user id, e-mail, phone, IIN, full name or client IP of the
demo, except in a --reveal run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from wgp_audit import notebook
from wgp_audit.audit import Audit, open_audit
from wgp_audit.demo import DemoOutput
from wgp_audit.findings import CheckResult, findings_rows
from wgp_audit.notebook import area_charts
from wgp_audit.privacy import pseudonymiser
from wgp_audit.report.refresh import use_demo_key

_TOKEN = re.compile(r"[\w.@+%:-]+")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Demo:
    audit: Audit
    results: list[CheckResult]
    identifiers: dict[str, set[str]]
    names: set[str]


@pytest.fixture(scope="module")
def demo_audit(demo: DemoOutput) -> Iterator[Demo]:
    assert demo.logs is not None
    use_demo_key()
    with open_audit(demo.database, web_logs=demo.logs / "web", app_logs=demo.logs / "app") as audit:
        results = audit.run_checks()

        def column(sql: str) -> set[str]:
            return {str(r[0]) for r in audit.con.execute(sql).fetchall() if r[0] is not None}

        identifiers = {
            kind: column(f"select {kind} from stg_users") for kind in ("user_id", "email", "phone", "iin")
        }
        identifiers["ip"] = column("select remote_addr from log_web") | column("select ip from log_app")
        names = column("select full_name from stg_users")
        yield Demo(audit, results, identifiers, names)


def _leaks(demo: Demo, text: str) -> dict[str, list[str]]:
    """The raw identifiers of demo people found in `text`, by kind."""
    tokens = {t.strip(".:-") for t in _TOKEN.findall(text)}
    found = {kind: sorted(ids & tokens)[:5] for kind, ids in demo.identifiers.items()}
    words = _WORD.findall(text)
    grams = {" ".join(words[i : i + n]) for n in (2, 3) for i in range(len(words) - n + 1)}
    found["full_name"] = sorted(demo.names & grams)[:5]
    return {kind: hits for kind, hits in found.items() if hits}


def test_demo_identifier_sets_are_the_real_ones(demo_audit: Demo) -> None:
    assert all(len(ids) > 100 for ids in demo_audit.identifiers.values()), {
        k: len(v) for k, v in demo_audit.identifiers.items()
    }
    assert len(demo_audit.names) > 100
    assert _leaks(demo_audit, "usr-000001 and " + next(iter(demo_audit.names)))  # the scan can fail


def test_no_finding_row_holds_a_raw_identifier(demo_audit: Demo) -> None:
    rows = findings_rows(demo_audit.results, pseudonymiser())
    assert len(rows) > 50
    leaks = {}
    for row in rows:
        if found := _leaks(demo_audit, " ".join(str(v) for v in row.values())):
            leaks[row["finding_id"]] = found
    assert leaks == {}


def test_no_table_a_notebook_shows_holds_a_raw_identifier(demo_audit: Demo) -> None:
    audit, results = demo_audit.audit, demo_audit.results
    shown = [
        notebook.findings_table(results),
        notebook.check_table(results),
        notebook.follow_up_sample(results, 5, 20260131),
        notebook.outcome_counts(results),
        notebook.findings_by_area(results),
        notebook.describe_scope(audit),
        area_charts.consent_gaps(audit, 5),
        area_charts.disclosure_table(audit),
        area_charts.log_ingest_frame(audit),
        area_charts.cookie_frame(audit),
    ]
    leaks = {i: found for i, table in enumerate(shown) if (found := _leaks(demo_audit, repr(table)))}
    assert leaks == {}


def test_no_chart_label_or_chart_data_holds_a_raw_identifier(demo_audit: Demo) -> None:
    audit, results = demo_audit.audit, demo_audit.results
    charts = {
        "findings_by_area": area_charts.findings_by_area_chart(results),
        "findings_by_check": area_charts.findings_by_check_chart(results, "Findings"),
        "retention_ages": area_charts.retention_ages_chart(audit),
        "consent_coverage": area_charts.consent_coverage_chart(audit, 5),
        "disclosures": area_charts.disclosure_charts(audit),
        "request_handling": area_charts.request_handling_chart(audit),
    }
    leaks = {name: found for name, chart in charts.items() if (found := _leaks(demo_audit, chart.to_json()))}
    assert leaks == {}


def test_a_reveal_shows_the_raw_ids_the_pseudonymised_rows_hide(demo_audit: Demo) -> None:
    ret6 = [r for r in demo_audit.results if r.spec.id == "RET-6"]
    assert ret6 and ret6[0].findings
    raw = findings_rows(ret6, pseudonymiser(reveal=True))
    assert any(row["subject"] in demo_audit.identifiers["user_id"] for row in raw)
