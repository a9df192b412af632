"""Staging views are created whatever their file order, and a broken one is named; normalisation stays in
staging and "consent in force" is written once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
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


def _check_and_view_files() -> list[Path]:
    sql = REPO / "sql"
    return sorted([*sql.glob("checks/*/*.sql"), *sql.glob("intermediate/*.sql")])


def _body(path: Path) -> str:
    """The SQL without its comment lines (notes may name what the code must not contain)."""
    return "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("--"))


def test_checks_and_intermediate_views_leave_normalisation_to_staging() -> None:
    offenders = [p.name for p in _check_and_view_files() if re.search(r"lower\(\s*trim\(", _body(p))]
    assert offenders == []


def test_consent_in_force_is_written_once_in_its_macros() -> None:
    """A consent's end compared with an instant by hand, instead of through consent_in_force."""
    by_hand = re.compile(r"\b(ends_at|valid_until|withdrawn_at) is null or")
    offenders = [p.name for p in _check_and_view_files() if by_hand.search(_body(p))]
    assert offenders == []
    users = [p.name for p in _check_and_view_files() if "consent_in_force" in _body(p)]
    assert len(users) >= 9


def test_a_consent_is_in_force_from_its_giving_through_its_term_until_a_withdrawal() -> None:
    con = duckdb.connect()
    con.execute((REPO / "sql" / "macros" / "consent_in_force.sql").read_text())

    def at(moment: str, valid_until: str = "2025-02-01 10:00:00", withdrawn: str | None = None) -> bool:
        until = "null" if valid_until == "none" else f"timestamptz '{valid_until}+00'"
        gone = "null" if withdrawn is None else f"timestamptz '{withdrawn}+00'"
        row = con.execute(
            f"select consent_in_force(timestamptz '2025-01-01 10:00:00+00', {until}, {gone},"
            f" timestamptz '{moment}+00')"
        ).fetchone()
        return bool(row and row[0])

    assert not at("2025-01-01 09:59:59")
    assert at("2025-01-01 10:00:00") and at("2025-02-01 10:00:00")  # the last valid instant counts
    assert not at("2025-02-01 10:00:01")
    assert at("2030-01-01 00:00:00", valid_until="none")
    assert at("2025-01-10 09:59:59", withdrawn="2025-01-10 10:00:00")
    assert not at("2025-01-10 10:00:00", withdrawn="2025-01-10 10:00:00")  # withdrawn on receipt
