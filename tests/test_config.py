"""The yardstick loads, and every kind of mistake in it is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from wgp_audit.config import load_yardstick
from wgp_audit.errors import ConfigError

YARDSTICK = (REPO / "config" / "yardstick.toml").read_text()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "y.toml"
    path.write_text(text)
    return path


def test_workspace_yardstick_loads_with_the_legal_deadlines() -> None:
    y = load_yardstick()
    assert y.deadlines["consent_withdrawal"] == 15 and y.deadlines["rectify"] == 1
    assert y.params()["deadline_breach_notification"] == 1
    assert y.time_zone == "Asia/Atyrau"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "consent_withdrawal = 15",
            'consent_withdrawal = "15"',
            r"deadlines.consent_withdrawal = '15' must be a int",
        ),
        ("consent_withdrawal = 15", "consent_withdrawl = 15", r"missing key deadlines.consent_withdrawal"),
        ("k_anonymity_min = 5", "k_anonymity_min = 5\nk_anon = 3", r"unknown key privacy.k_anon"),
        ('time_zone = "Asia/Atyrau"', 'time_zone = "Asia/Atyrauu"', r"not an IANA time zone"),
        ("rectify = 1 ", "rectify = -1 ", r"deadlines.rectify = -1 must not be negative"),
        ("[calendar]", "[calender]", r"unknown section \[calender\]"),
    ],
)
def test_a_wrong_value_or_unknown_key_is_named(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in YARDSTICK
    with pytest.raises(ConfigError, match=message):
        load_yardstick(_write(tmp_path, YARDSTICK.replace(old, new, 1)))


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"y.toml is not valid TOML"):
        load_yardstick(_write(tmp_path, "[deadlines\nrectify = 1"))


def test_missing_file_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"does not exist") as err:
        load_yardstick(tmp_path / "none.toml")
    assert "--config" in str(err.value)
