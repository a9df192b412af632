"""The Art. 24 subject report's sections: each one shown, or said to be unavailable, never left out."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import AS_OF, copy_demo_database
from wgp_audit.audit import open_audit
from wgp_audit.demo import DemoOutput
from wgp_audit.notebook import subject


def _someone_with_disclosures(db: Path) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            "select s.user_id from disclosure_subjects s join consents c using (user_id) "
            "order by s.user_id limit 1"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return str(row[0])


def test_every_section_is_shown_for_a_person_the_full_source_holds(demo: DemoOutput) -> None:
    user = _someone_with_disclosures(demo.database)
    with open_audit(demo.database, as_of=AS_OF) as audit:
        assert subject.overview(audit, user).frame.height == 1
        assert subject.purposes(audit, user).frame.height >= 1
        assert subject.disclosures(audit, user).frame.height >= 1
        held = subject.records_held(audit, user).frame
        assert {"consents", "disclosure_subjects"} <= set(held["records"])
        assert "not available" not in subject.sources(audit, user).caption


def test_a_table_the_source_lacks_is_said_in_the_section_not_left_out(
    demo: DemoOutput, tmp_path: Path
) -> None:
    user = _someone_with_disclosures(demo.database)
    db = copy_demo_database(
        demo, tmp_path, "drop table disclosure_subjects", "alter table users drop column iin"
    )
    with open_audit(db, as_of=AS_OF) as audit:
        section = subject.disclosures(audit, user)
        assert section.caption.endswith("not available from this source")
        assert "table disclosure_subjects" in section.frame["not available"][0]
        held = subject.records_held(audit, user).frame
        row = held.filter(held["records"] == "disclosure_subjects")
        assert row["data items"][0].startswith("not provided by the source")
        items = dict(subject.data_held(audit, user).frame.iter_rows())
        assert items["iin"] == "(not provided by the source)"
        assert subject.purposes(audit, user).frame.height >= 1  # the sections the source feeds still show


def test_a_broken_view_is_an_error_not_a_missing_section(demo: DemoOutput) -> None:
    user = _someone_with_disclosures(demo.database)
    with open_audit(demo.database, as_of=AS_OF) as audit:
        audit.con.execute("drop view stg_consent_withdrawals")
        with pytest.raises(duckdb.Error, match="stg_consent_withdrawals"):
            subject.purposes(audit, user)
