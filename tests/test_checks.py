"""Check files: the header is parsed and every mistake in it is named with the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from wgp_audit.checks import Severity, load_checks, parse_check
from wgp_audit.errors import CheckDefinitionError, ParameterError

HEADER = "-- id: RET-3\n-- title: t\n-- clause: PP-10\n-- law: Art. 18\n-- severity: high\n"


def _write(tmp_path: Path, text: str, area: str = "retention") -> Path:
    path = tmp_path / area / "check.sql"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_header_fields_and_area_are_read(tmp_path: Path) -> None:
    spec = parse_check(
        _write(
            tmp_path,
            HEADER + "-- params: as_of\n-- needs: stg_users\n"
            "select 1 as record_key, 'r' as reason where $as_of is not null;\n",
        )
    )
    assert (spec.id, spec.severity, spec.area, spec.params, spec.needs) == (
        "RET-3",
        Severity.HIGH,
        "retention",
        ("as_of",),
        ("stg_users",),
    )


def test_indented_comment_lines_continue_the_header_value_above(tmp_path: Path) -> None:
    spec = parse_check(
        _write(
            tmp_path,
            HEADER + "-- params: as_of,\n--   period_end\n-- note: a long note\n--   wraps onto\n"
            "--    more lines\n-- an ordinary comment\n--   is not a continuation\n"
            "select 1 as record_key, 'r' as reason where $as_of < $period_end;\n",
        )
    )
    assert (spec.params, spec.note) == (("as_of", "period_end"), "a long note wraps onto more lines")


def test_dollar_signs_in_strings_and_comments_are_not_parameters(tmp_path: Path) -> None:
    spec = parse_check(
        _write(
            tmp_path,
            HEADER + "-- note: the log has no $scheme\n"
            "select 'a$' as record_key, regexp_matches(x, '^\\d+$') as reason -- $y\n",
        )
    )
    assert spec.params == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER.replace("-- severity: high\n", ""), "header lacks severity"),
        (HEADER.replace("high", "critical"), "severity 'critical' is not high, medium or low"),
        (HEADER.replace("RET-3", "retention three"), "is not like RET-3"),
        (HEADER + "-- owner: me\n", "unknown header key 'owner'"),
        (HEADER + "select $as_of as record_key, 'r' as reason;", r"differ from the SQL's \['as_of'\]"),
        (HEADER + "-- params: as_of, k_min\nselect $as_of as record_key;", "differ from the SQL's"),
    ],
)
def test_header_mistakes_are_named_with_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(CheckDefinitionError, match=message) as err:
        parse_check(path)
    assert str(path) in str(err.value)


def test_two_files_for_one_requirement_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, HEADER + "select 1;", "retention")
    _write(tmp_path, HEADER + "select 1;", "consent")
    with pytest.raises(CheckDefinitionError, match="RET-3 is checked twice"):
        load_checks(tmp_path)


def test_unknown_area_or_id_is_a_parameter_error(tmp_path: Path) -> None:
    _write(tmp_path, HEADER + "select 1;")
    with pytest.raises(ParameterError, match="unknown check area 'retension'"):
        load_checks(tmp_path, area="retension")
    with pytest.raises(ParameterError, match="no check implements RET-99"):
        load_checks(tmp_path, ids=("RET-99",))


def test_workspace_catalogue_loads_and_ids_are_unique() -> None:
    specs = load_checks()
    assert len(specs) >= 50
    assert len({s.id for s in specs}) == len(specs)
