"""What `wgp-audit` prints of the operator's data: masked personal values, no raw escape sequence."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from wgp_audit.cli import main
from wgp_audit.demo import DemoOutput
from wgp_audit.terminal import safe_text


def test_safe_text_makes_controls_escapes_bidi_and_undecodable_bytes_visible() -> None:
    raw = "a\x1b[2Jb\x07c\x9bd\u202ee\udcfff\tg\nh"
    assert safe_text(raw) == "a\\x1b[2Jb\\x07c\\x9bd\\u202ee\\xfff\tg\nh"


def test_check_prints_data_quality_values_masked_and_escaped(
    demo: DemoOutput,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "dq.duckdb"
    shutil.copy(demo.database, db)
    with duckdb.connect(str(db)) as con:
        con.execute(
            "update users set status = 'ivan.petrov@mail.kz +77011234567 \x1b[2J'"
            " where user_id = 'usr-000001'"
        )
    main(["check", "--source", str(db), "--area", "data_quality"])
    out = capsys.readouterr().out
    dq = [line for line in out.splitlines() if line.startswith("DQ-1:")]
    assert dq, out
    assert "ivan.petrov@mail.kz" not in out and "77011234567" not in out
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_operator_paths_in_messages_reach_the_terminal_escaped(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    main(["check", "--logs", str(tmp_path / "logs\x1b]0;owned\x07")])
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;owned\\x07" in err
