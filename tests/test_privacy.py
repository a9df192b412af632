"""Pseudonyms are keyed and stable; free text is masked; small counts are withheld."""

from __future__ import annotations

from pathlib import Path

import pytest

from wgp_audit.privacy import KEY_FILE_VARIABLE, KEY_VARIABLE, Pseudonymiser, load_key, suppress_small


def test_same_id_same_pseudonym_with_the_same_key_and_different_with_another() -> None:
    a, b = Pseudonymiser(b"k1"), Pseudonymiser(b"k2")
    assert a("usr-000001") == a("usr-000001") != b("usr-000001")
    pseudonym = a("usr-000001")
    assert pseudonym is not None and pseudonym.startswith("p-") and "000001" not in pseudonym
    assert a(None) is None


def test_reveal_shows_raw_values() -> None:
    assert Pseudonymiser(b"k", reveal=True)("usr-1") == "usr-1"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail aigerim.omarova12@mail.kz now", "mail [e-mail] now"),
        ("call +77011234567 or 8 701 123 45 67", "call [phone] or [phone]"),
        ("iin 900101400122 given", "iin [iin] given"),  # a valid check digit
        ("order 900101400123 paid", "order 900101400123 paid"),  # the same digits, check digit wrong
        ("from 192.168.10.4 today", "from [ip] today"),
        ("request dsr-000012 answered on 2024-05-10", "request dsr-000012 answered on 2024-05-10"),
    ],
)
def test_free_text_is_masked(text: str, masked: str) -> None:
    assert Pseudonymiser(b"k").text(text) == masked


def test_key_comes_from_the_environment_else_a_private_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_VARIABLE, "from-env")
    assert load_key() == b"from-env"
    monkeypatch.delenv(KEY_VARIABLE)
    monkeypatch.setenv(KEY_FILE_VARIABLE, str(tmp_path / "k" / "pseudonym.key"))
    first = load_key()
    assert first == load_key() and len(first) == 64
    assert (tmp_path / "k" / "pseudonym.key").stat().st_mode & 0o077 == 0


def test_small_counts_are_suppressed() -> None:
    assert [suppress_small(n, 5) for n in (0, 1, 4, 5, 9)] == [0, None, None, 5, 9]


def test_free_text_masks_ipv6_url_encoded_identifiers_and_the_sources_own_names() -> None:
    from wgp_audit.identifiers import NameIndex

    pseudo = Pseudonymiser(b"k", names=NameIndex.from_full_names(["Omarova Aigerim Nurlanovna"]))
    text = (
        "Omarova Aigerim from 2a01:4f8:c17::2 sent ivan%40mail.kz, %2B77011234567, "
        "77011234567 and 900101 400 122"
    )
    assert pseudo.text(text) == "[name] from [ip] sent [e-mail], [phone], [phone] and [iin]"
    assert Pseudonymiser(b"k").text("Omarova Aigerim") == "Omarova Aigerim"  # not a known name
