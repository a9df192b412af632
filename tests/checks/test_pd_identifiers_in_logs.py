"""LOG-1 and SEC-3 find the same identifiers as the masker: checksummed IINs, Kazakh phone
spellings, URL-decoded e-mails, the source's own people's names; near-misses are not findings."""

from __future__ import annotations

import datetime as dt

from tests.checks.conftest import LogCheckRunner, app, web

USERS = {
    "users": [
        {
            "user_id": "u1",
            "full_name": "Omarova Aigerim Nurlanovna",
            "email": "a.o@mail.kz",
            "phone": "+77011234567",
            "iin": "900101400122",
            "birth_date": dt.date(1990, 1, 1),
            "country": "KZ",
            "status": "active",
            "source": "self",
            "created_at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        }
    ]
}


def test_sec_3_finds_spaced_iins_bare_phones_encoded_mail_and_names_not_near_misses(
    run_log_check: LogCheckRunner,
) -> None:
    keys = run_log_check(
        "SEC-3",
        USERS,
        web_lines=[
            web("2026-10-10 10:00:00", "/users/900101%20400%20122"),  # spaced IIN, URL-encoded
            web("2026-10-10 10:00:01", "/callback?to=77011234567"),  # bare 7XXXXXXXXXX
            web("2026-10-10 10:00:02", "/reset?login=ivan%2540mail.kz"),  # double-encoded @
            web("2026-10-10 10:00:03", "/search?q=omarova+aigerim"),  # a user's name
            web("2026-10-10 10:00:04", "/orders/900101400123"),  # check digit wrong: an order no.
            web("2026-10-10 10:00:05", "/sku/1770112345678"),  # 7701... inside a longer run
            web("2026-10-10 10:00:06", "/company/150540012348"),  # a BIN: a company, not a person
            web("2026-10-10 10:00:07", "/geo?ip=2a01:4f8:c17::2"),  # an IP: declared log field
            web("2026-10-10 10:00:08", "/search?q=aigerim+market"),  # a first name alone
            web("2026-10-10 10:00:09", "/r/550e8400-e29b-41d4-a716-446655440000"),  # a UUID
        ],
    )
    assert keys == {"access.log:1", "access.log:2", "access.log:3", "access.log:4"}


def test_log_1_finds_the_same_kinds_in_event_details(run_log_check: LogCheckRunner) -> None:
    keys = run_log_check(
        "LOG-1",
        USERS,
        web_lines=[web("2026-10-10 10:00:00")],
        app_lines=[
            app("2026-10-10 10:00:00", "note", "r1", details={"text": "IIN 900101 400 122"}),
            app("2026-10-10 10:00:00", "note", "r2", details={"text": "call 8 (701) 123-45-67"}),
            app("2026-10-10 10:00:00", "note", "r3", details={"text": "ivan%40mail.kz"}),
            app("2026-10-10 10:00:00", "note", "r4", details={"text": "per OMAROVA Aigerim"}),
            app("2026-10-10 10:00:00", "note", "r5", details={"order_no": "900101400123"}),
            app("2026-10-10 10:00:00", "note", "r6", details={"version": "1.2.3.4.5"}),
            app("2026-10-10 10:00:00", "note", "r7", details={"operator_bin": "150540012348"}),
        ],
    )
    assert keys == {"r1", "r2", "r3", "r4"}
