"""The source's own people's names are handed to the masker, unless the source does not hold them."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from tests.conftest import AS_OF
from wgp_audit.audit import open_audit
from wgp_audit.demo import DemoOutput
from wgp_audit.privacy import pseudonymiser


def test_the_masker_gets_the_names_the_source_holds(demo: DemoOutput) -> None:
    with open_audit(demo.database, as_of=AS_OF) as audit:
        names = audit.person_names()
        someone = str(
            audit.query("select full_name from stg_users where full_name is not null limit 1")[0, 0]
        )
    assert someone in names
    masked = pseudonymiser(full_names=names).text(f"ticket from {someone} about delivery")
    assert masked is not None and someone not in masked and "about delivery" in masked


def test_a_source_without_names_gives_none(demo: DemoOutput, tmp_path: Path) -> None:
    db = tmp_path / "no-names.duckdb"
    shutil.copy(demo.database, db)
    con = duckdb.connect(str(db))
    con.execute("alter table users drop column full_name")
    con.close()
    with open_audit(db, as_of=AS_OF) as audit:
        assert audit.person_names() == []
