"""Staging views are created whatever their file order, and a broken one is named."""

from __future__ import annotations

import re
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
        "-- depends: int_consent_validity\n"
        "create or replace view stg_aa_early as select count(*) as n from int_consent_validity;\n"
    )
    monkeypatch.setenv("WGP_AUDIT_HOME", str(home))
    with open_audit(demo.database) as audit:
        assert audit.query("select n from stg_aa_early")["n"][0] > 0


def test_a_staging_file_that_cannot_be_created_is_named(
    demo: DemoOutput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = _workspace(tmp_path)
    (home / "sql" / "staging" / "stg_broken.sql").write_text(
        "-- depends: raw_users\ncreate or replace view stg_broken as select * from no_such_table;\n"
    )
    monkeypatch.setenv("WGP_AUDIT_HOME", str(home))
    with pytest.raises(CheckDefinitionError, match=r"stg_broken.sql cannot be created.*no_such_table"):
        open_audit(demo.database)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("create or replace view stg_x as select 1 as a from raw_users;\n", "declares no `-- depends:` line"),
        (
            "-- depends: stg_nowhere\ncreate or replace view stg_x as select * from stg_nowhere;\n",
            "depends on stg_nowhere, which no view file defines",
        ),
    ],
)
def test_a_view_file_must_declare_what_it_reads(
    demo: DemoOutput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    home = _workspace(tmp_path)
    (home / "sql" / "staging" / "stg_x.sql").write_text(text)
    monkeypatch.setenv("WGP_AUDIT_HOME", str(home))
    with pytest.raises(CheckDefinitionError, match=message):
        open_audit(demo.database)


def test_every_view_declares_exactly_the_relations_its_sql_reads() -> None:
    from wgp_audit.mapping import referenced_tables
    from wgp_audit.sqlhouse import view_files

    for view in view_files():
        body = re.sub(r"\$([a-z_]+)", r"getvariable('\1')", view.sql.split(" as\n", 1)[1].strip().rstrip(";"))
        assert set(view.depends) == referenced_tables(body), view.path.name


def test_views_needing_a_log_that_is_not_attached_are_not_created(demo: DemoOutput) -> None:
    with open_audit(demo.database) as audit:
        views = set(audit.query("select view_name from duckdb_views() where not internal")["view_name"])
    assert {"stg_users", "int_consent_validity", "stg_ip_ranges"} <= views
    assert not views & {"stg_app_events", "stg_cookie_observations", "int_consent_moments"}
