"""Every requirement of the catalogue is implemented by a check or explained, and docs/coverage.md
is the table generated from the check headers."""

from __future__ import annotations

from tests.conftest import REPO
from wgp_audit.coverage import coverage, load_reasons, load_requirements, render_markdown


def test_catalogue_holds_the_80_requirements() -> None:
    ids = [r.id for r in load_requirements()]
    assert len(ids) == 80 and len(set(ids)) == 80


def test_every_requirement_is_implemented_or_explained() -> None:
    missing = [r.requirement.id for r in coverage() if r.check is None and not r.reason]
    assert missing == []


def test_no_reason_is_kept_for_an_implemented_requirement() -> None:
    stale = [r.requirement.id for r in coverage() if r.check is not None and r.reason]
    assert stale == []


def test_reasons_name_only_catalogue_requirements() -> None:
    assert set(load_reasons()) <= {r.id for r in load_requirements()}


def test_at_least_fifty_requirements_are_checks() -> None:
    assert sum(1 for r in coverage() if r.check is not None) >= 50


def test_docs_coverage_is_the_generated_table() -> None:
    committed = (REPO / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert committed == render_markdown(coverage()), "run: wgp-audit coverage --write docs/coverage.md"
