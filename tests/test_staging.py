"""Staging views are created whatever their file order, and a broken one is named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from wgp_audit.audit import open_audit
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import CheckDefinitionError


def _workspace(tmp_path: Path) -> Path:
    home = tmp_path / "ws"
    for folder in ("sql", "config"):
        shutil.copytree(REPO / folder, home / folder)
    return home


def test_a_view_reading_a_later_file_is_created_after_it(
    demo: DemoOutput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _workspace(tmp_path)
    (home / "sql" / "staging" / "stg_aa_early.sql").write_text(
        "create or replace view stg_aa_early as select count(*) as n from stg_zz_consent_validity;\n")
    monkeypatch.setenv("WGP_AUDIT_HOME", str(home))
    with open_audit(demo.database) as audit:
        assert audit.query("select n from stg_aa_early")["n"][0] > 0


def test_a_staging_file_that_cannot_be_created_is_named(
    demo: DemoOutput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _workspace(tmp_path)
    (home / "sql" / "staging" / "stg_broken.sql").write_text(
        "create or replace view stg_broken as select * from no_such_table;\n")
    monkeypatch.setenv("WGP_AUDIT_HOME", str(home))
    with pytest.raises(CheckDefinitionError, match=r"stg_broken.sql cannot be created.*no_such_table"):
        open_audit(demo.database)
