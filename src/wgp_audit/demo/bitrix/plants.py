"""Planted violations and near-misses on the Bitrix site, each recorded in the manifest.

Record keys are what the mapping makes of Bitrix ids: b_user.ID for users, wgp_pd_requests.ID
for requests and withdrawals, b_event.ID for messages, wgp_pd_disclosures.ID for disclosures,
'ticket:' + b_form_result.ID and 'account:' + b_user.ID for RET-2.
"""

from __future__ import annotations

import datetime as dt

from wgp_audit.demo.bitrix.site import (
    AGREEMENT_MARKETING,
    AS_OF,
    Site,
    consent,
    destroy,
    disclosure,
    mail,
    request,
    ticket,
    user,
)

REG = dt.datetime(2023, 4, 3, 10, 0)
NAURYZ_EVE = dt.datetime(2025, 3, 20, 16, 0)  # Fri 21, Mon 24, Tue 25 March 2025 are days off


def _check(condition: bool, what: str) -> None:
    """Fail loudly when a plant does not hold what it claims."""
    if not condition:
        raise AssertionError(f"Bitrix demo plant is not what it claims: {what}")


def retention(site: Site) -> None:
    """RET-2 (inactive accounts, closed tickets kept), RET-3 (deactivated accounts kept)."""
    stale = user(site, dt.datetime(2023, 3, 1, 12, 0), last_login=dt.datetime(2023, 6, 1, 12, 0))
    site.plant(
        "RET-2", f"account:{stale}", "active account, last login 2023-06-01: over 1095 days without use"
    )
    fresh = user(site, dt.datetime(2023, 3, 2, 12, 0), last_login=dt.datetime(2023, 11, 5, 12, 0))
    site.near_miss("RET-2", f"account:{fresh}", "last login 2023-11-05: 1095 days end 2026-11-04")
    old = ticket(site, fresh, dt.datetime(2024, 5, 10, 9, 0), dt.datetime(2024, 5, 15, 12, 0))
    site.plant("RET-2", f"ticket:{old}", "feedback closed 2024-05-15 still holds its message past 730 days")
    recent = ticket(site, fresh, dt.datetime(2024, 11, 15, 9, 0), dt.datetime(2024, 11, 20, 12, 0))
    site.near_miss("RET-2", f"ticket:{recent}", "feedback closed 2024-11-20: 730 days end 2026-11-20")
    kept = user(site, REG, last_login=dt.datetime(2025, 3, 1, 10, 0), closed=dt.datetime(2025, 3, 10, 14, 0))
    site.plant(
        "RET-3",
        kept,
        "deactivated 2025-03-10 (ACTIVE='N', TIMESTAMP_X), name and e-mail still in b_user after 365 days",
    )
    held = user(
        site,
        REG,
        last_login=dt.datetime(2025, 3, 1, 10, 0),
        closed=dt.datetime(2025, 3, 10, 14, 0),
        hold=(dt.date(2027, 12, 31), "Tax Code Art. 48: accounting records of a paid order kept 5 years"),
    )
    site.near_miss("RET-3", held, "deactivated 2025-03-10 but UF_LEGAL_HOLD_UNTIL 2027-12-31")
    late = user(
        site, REG, last_login=dt.datetime(2025, 10, 1, 10, 0), closed=dt.datetime(2025, 10, 30, 10, 0)
    )
    site.near_miss("RET-3", late, "deactivated 2025-10-30: 365 days + 1 working day end 2026-11-02")


def consent_records(site: Site) -> None:
    """CON-1 and RET-4: an account imported from the 1C CRM with no consent."""
    imported = user(site, dt.datetime(2024, 9, 2, 9, 0), pd_consent=False, xml_id="1C-CRM-00417")
    site.plant("CON-1", imported, "imported from 1C CRM (XML_ID) with no consent record")
    site.plant("RET-4", imported, "collected without consent and still held")
    same = user(site, dt.datetime(2025, 2, 14, 12, 0, 0))
    site.near_miss("CON-1", same, "consent recorded in the same second as the registration")
    site.near_miss("RET-4", same, "consent recorded in the same second as the registration")


def withdrawals(site: Site) -> None:
    """CON-5 late outcome; MKT-2 prepared (the opt-out the sender ignores for one digest)."""
    slow = user(
        site,
        dt.datetime(2024, 2, 1, 10, 0),
        marketing=dt.datetime(2024, 2, 1, 10, 0),
        last_login=dt.datetime(2026, 9, 1, 10, 0),
    )
    received = dt.datetime(2026, 4, 14, 10, 0)
    wid = request(
        site,
        slow,
        "consent_withdrawal",
        received,
        answered=dt.datetime(2026, 6, 15, 12, 0),
        scope="marketing",
        channel="email",
        outcome="stopped",
    )
    _check(dt.datetime(2026, 6, 15, 12, 0) > site.deadline(received, 15), "CON-5 late")
    site.plant("CON-5", wid, "marketing withdrawal of 2026-04-14 processed 2026-06-15, past 15 working days")
    on_time = user(
        site,
        dt.datetime(2024, 2, 1, 11, 0),
        marketing=dt.datetime(2024, 2, 1, 11, 0),
        last_login=dt.datetime(2026, 9, 1, 10, 0),
    )
    received = dt.datetime(2026, 3, 19, 16, 0)
    last_day = site.deadline(received, 15).replace(hour=18, minute=0, second=0)
    wid = request(
        site,
        on_time,
        "consent_withdrawal",
        received,
        answered=last_day,
        scope="marketing",
        channel="email",
        outcome="stopped",
    )
    site.near_miss(
        "CON-5", wid, f"processed on the 15th working day ({last_day:%Y-%m-%d}), counted across Nauryz"
    )
    before = user(
        site,
        dt.datetime(2024, 2, 1, 12, 0),
        marketing=dt.datetime(2024, 2, 1, 12, 0),
        last_login=dt.datetime(2026, 9, 1, 10, 0),
    )
    wid = request(
        site,
        before,
        "consent_withdrawal",
        dt.datetime(2025, 12, 1, 10, 0),
        answered=dt.datetime(2026, 2, 2, 10, 0),
        scope="marketing",
        channel="email",
        outcome="stopped",
    )
    site.near_miss("CON-5", wid, "received 2025-12-01, before the 15-day rule entered into force")

    ignored = user(
        site,
        dt.datetime(2024, 3, 1, 10, 0),
        marketing=dt.datetime(2024, 3, 1, 10, 0),
        last_login=dt.datetime(2026, 9, 1, 10, 0),
    )
    request(
        site,
        ignored,
        "consent_withdrawal",
        dt.datetime(2025, 5, 5, 10, 0),
        answered=dt.datetime(2025, 5, 6, 12, 0),
        scope="marketing",
        channel="unsubscribe_link",
        outcome="stopped",
    )
    site.opt_out_ignored[ignored] = dt.datetime(2025, 8, 1, 0, 0)  # mailing list synced late
    again = user(
        site,
        dt.datetime(2024, 3, 1, 11, 0),
        marketing=dt.datetime(2024, 3, 1, 11, 0),
        last_login=dt.datetime(2026, 9, 1, 10, 0),
    )
    request(
        site,
        again,
        "consent_withdrawal",
        dt.datetime(2025, 2, 3, 10, 0),
        answered=dt.datetime(2025, 2, 4, 12, 0),
        scope="marketing",
        channel="unsubscribe_link",
        outcome="stopped",
    )
    consent(site, again, AGREEMENT_MARKETING, dt.datetime(2025, 6, 20, 18, 0), "profile")
    site.opt_out_ignored[again] = dt.datetime(2025, 2, 3, 10, 0)  # the digest loop sends to it


def marketing(site: Site, sent: dict[tuple[int, dt.datetime], int]) -> None:
    """MKT-1 and MKT-2 (after the digest loop ran): messages and their near-misses."""
    july = dt.datetime(2025, 7, 10, 11, 0)
    ignored = next(u for u, t in site.opt_out_ignored.items() if t == dt.datetime(2025, 8, 1))
    site.plant(
        "MKT-2",
        sent[(ignored, july)],
        "July 2025 digest sent after the opt-out of 2025-05-05 was recorded as processed on 2025-05-06",
    )
    _check(not any(u == ignored and t > july for u, t in sent), "MKT-2 single message")
    again = next(u for u, t in site.opt_out_ignored.items() if t != dt.datetime(2025, 8, 1))
    site.near_miss(
        "MKT-2",
        sent[(again, july)],
        "opted out 2025-02-03, consented again 2025-06-20, then got the July digest",
    )
    site.near_miss("MKT-1", sent[(again, july)], "marketing consent given again 2025-06-20")
    _check(
        not any(u == again and dt.datetime(2025, 2, 3) < t < july for u, t in sent),
        "no digest between opt-out and re-consent",
    )
    blind = user(site, dt.datetime(2024, 5, 6, 10, 0), last_login=dt.datetime(2026, 8, 1, 10, 0))
    mid = mail(site, "WGP_NEWS_DIGEST", blind, dt.datetime(2026, 4, 10, 11, 30), CAMPAIGN="digest-2026-04")
    site.plant("MKT-1", mid, "digest sent to a user who never gave the marketing consent")
    just = user(site, dt.datetime(2026, 1, 10, 10, 59, 59), marketing=dt.datetime(2026, 1, 10, 10, 59, 59))
    mid = mail(site, "WGP_NEWS_DIGEST", just, dt.datetime(2026, 1, 10, 11, 0, 0), CAMPAIGN="digest-2026-01")
    site.near_miss("MKT-1", mid, "digest sent one second after the marketing consent")
    welcome = next(
        int(e["ID"])
        for e in site.rows("b_event")
        if e["EVENT_NAME"] == "USER_INFO"
        and f's:1:"{just}"' not in e["C_FIELDS"]
        and f'"USER_ID";s:{len(str(just))}:"{just}"' in e["C_FIELDS"]
    )
    site.near_miss("MKT-3", welcome, "welcome e-mail to the address the account holds")
    by_phone = user(site, dt.datetime(2025, 8, 4, 10, 0), email="", last_login=dt.datetime(2026, 5, 1, 10, 0))
    mid = mail(
        site, "USER_PASS_REQUEST", by_phone, dt.datetime(2026, 5, 2, 9, 0), EMAIL="old.address77@mail.kz"
    )
    site.plant(
        "MKT-3",
        mid,
        "password reminder e-mailed to an account registered by phone "
        "that holds no e-mail (address typed into a form)",
    )


def requests(site: Site) -> None:
    """DSR-1, DSR-2, DSR-4, DSR-5, DSR-7 with near-misses across Kazakh holidays."""

    def subject() -> int:
        return user(site, REG, last_login=dt.datetime(2026, 9, 1, 10, 0))

    late = request(site, subject(), "access", NAURYZ_EVE, answered=dt.datetime(2025, 3, 31, 12))
    _check(dt.datetime(2025, 3, 31, 12) > site.deadline(NAURYZ_EVE, 3), "DSR-1 late")
    site.plant(
        "DSR-1",
        late,
        "access request of 2025-03-20 answered 2025-03-31, after the 3rd working day (2025-03-28)",
    )
    silent = request(site, subject(), "access", dt.datetime(2026, 10, 1, 10, 0), answered=None)
    site.plant("DSR-1", silent, "access request of 2026-10-01 never answered")
    edge = request(site, subject(), "access", NAURYZ_EVE, answered=dt.datetime(2025, 3, 28, 22))
    _check(dt.datetime(2025, 3, 28, 22) <= site.deadline(NAURYZ_EVE, 3), "DSR-1 edge")
    site.near_miss("DSR-1", edge, "answered 22:00 on the 3rd working day after Nauryz")
    short = request(
        site,
        subject(),
        "access",
        dt.datetime(2025, 10, 6, 10, 0),
        answered=dt.datetime(2025, 10, 7, 12, 0),
        elements=("confirmation", "data_list"),
    )
    site.plant("DSR-2", short, "answer lists only confirmation and data_list")
    site.near_miss("DSR-2", edge, "answer holds all elements")
    paid = request(
        site,
        subject(),
        "access",
        dt.datetime(2025, 11, 3, 10, 0),
        answered=dt.datetime(2025, 11, 4, 12, 0),
        fee=5000.0,
    )
    site.plant("DSR-4", paid, "5000 KZT charged for an access request")
    site.near_miss("DSR-4", edge, "fee recorded as 0.00")

    docs = dt.datetime(2024, 5, 3, 15, 0)  # Friday; Saturday 2024-05-04 is a working day
    slow = request(
        site,
        subject(),
        "rectify",
        dt.datetime(2024, 5, 2, 10, 0),
        docs=docs,
        answered=dt.datetime(2024, 5, 6, 11, 0),
        channel="written",
    )
    _check(dt.datetime(2024, 5, 6, 11) > site.deadline(docs, 1), "DSR-5 late")
    site.plant(
        "DSR-5",
        slow,
        "documents 2024-05-03, corrected 2024-05-06: the working Saturday 2024-05-04 was the deadline",
    )
    fine = request(
        site,
        subject(),
        "rectify",
        NAURYZ_EVE,
        docs=NAURYZ_EVE,
        answered=dt.datetime(2025, 3, 26, 17, 0),
        channel="written",
    )
    site.near_miss("DSR-5", fine, "documents on Nauryz eve, corrected on the 1st working day after")

    curt = request(
        site,
        subject(),
        "rectify",
        dt.datetime(2026, 2, 2, 10, 0),
        docs=dt.datetime(2026, 2, 2, 10, 0),
        answered=dt.datetime(2026, 2, 3, 10, 0),
        outcome="refused",
        channel="written",
    )
    site.plant("DSR-3", curt, "rectification refused with no reason recorded")
    reasoned = request(
        site,
        subject(),
        "rectify",
        dt.datetime(2026, 2, 2, 11, 0),
        docs=dt.datetime(2026, 2, 2, 11, 0),
        answered=dt.datetime(2026, 2, 3, 17, 0),
        outcome="refused",
        channel="written",
        refusal="The submitted certificate does not match the account holder",
    )
    site.near_miss("DSR-3", reasoned, "refused with a reason on the 1st working day")
    block = request(
        site,
        subject(),
        "block",
        dt.datetime(2026, 2, 2, 12, 0),
        answered=dt.datetime(2026, 2, 5, 12, 0),
        channel="written",
    )
    site.plant("DSR-6", block, "blocking requested 2026-02-02, done 2026-02-05")
    unblock = request(
        site, subject(), "unblock", NAURYZ_EVE, answered=dt.datetime(2025, 3, 26, 18, 0), channel="written"
    )
    site.near_miss("DSR-6", unblock, "unblocked on the 1st working day after Nauryz")
    nowhere = request(
        site,
        subject(),
        "access",
        dt.datetime(2026, 6, 1, 10, 0),
        answered=dt.datetime(2026, 6, 2, 10, 0),
        channel="",
    )
    site.rows("wgp_pd_requests")[-1]["UF_CHANNEL"] = None
    site.plant("DSR-8", nowhere, "request with no channel recorded")
    site.near_miss("DSR-8", edge, "identity checked 30 minutes after receipt, before the answer")

    gone = subject()
    received = dt.datetime(2025, 9, 1, 10, 0)
    rid = request(site, gone, "destroy", received, answered=dt.datetime(2025, 9, 5, 12, 0))
    destroy(site, gone, received, dt.datetime(2025, 9, 5, 12, 0), "request")
    _check(dt.datetime(2025, 9, 5, 12) > site.deadline(received, 1), "DSR-7 late")
    site.plant("DSR-7", rid, "destruction requested 2025-09-01, user deleted 2025-09-05")
    quick = subject()
    rid = request(site, quick, "destroy", NAURYZ_EVE, answered=dt.datetime(2025, 3, 26, 12, 0))
    destroy(site, quick, NAURYZ_EVE, dt.datetime(2025, 3, 26, 12, 0), "request")
    site.near_miss("DSR-7", rid, "deleted on the 1st working day after Nauryz")


def disclosures(site: Site) -> None:
    """DIS-1 (identifiable data to a researcher) and DIS-10 (affiliate before its contract)."""
    did = disclosure(
        site,
        4,
        dt.datetime(2025, 9, 15, 10, 0),
        "consent",
        ["full_name", "email", "birth_date"],
        40,
        purpose="research",
    )
    site.plant("DIS-1", did, "identifiable survey sample sent to a research centre")
    early = disclosure(site, 2, dt.datetime(2023, 2, 10, 12, 0), "consent", ["email", "full_name"], 35)
    site.plant("DIS-10", early, "sent to WGP Service LLP before its contract of 2023-03-01")
    same_day = disclosure(site, 2, dt.datetime(2023, 3, 1, 15, 0), "consent", ["email", "full_name"], 12)
    site.near_miss("DIS-10", same_day, "sent the afternoon of the contract's date")
    site.near_miss("DIS-1", same_day, "affiliate transfer")
    dump = disclosure(
        site,
        5,
        dt.datetime(2024, 8, 20, 22, 0),
        "processor_contract",
        ["full_name", "email", "phone", "birth_date"],
        290,
        purpose="account",
        document="Migration to the new hosting, act of 2024-08-20",
    )
    site.plant(
        "DIS-1b",
        dump,
        "full user export handed to the hosting provider (a processor the policy does not name)",
    )
    test_set = disclosure(
        site,
        5,
        dt.datetime(2024, 8, 21, 10, 0),
        "anonymised",
        ["age_band", "city"],
        290,
        anonymised=True,
        purpose="analytics",
    )
    site.near_miss("DIS-1b", test_set, "anonymised load-test set to the hosting provider")
    private = disclosure(
        site, 6, dt.datetime(2025, 11, 12, 16, 0), None, ["full_name", "phone"], 1, purpose="enforcement"
    )
    site.plant("DIS-4", private, "phone and name of a user handed to a complainant, no legal basis recorded")
    site.plant("DIS-10", private, "the complainant signed no confidentiality undertaking")
    ordered = disclosure(
        site,
        6,
        dt.datetime(2026, 3, 3, 12, 0),
        "court_order",
        ["full_name", "phone"],
        1,
        purpose="enforcement",
        document="Atyrau city court ruling 2-1234/2026",
    )
    site.near_miss("DIS-4", ordered, "disclosure to an individual under a court order")
    site.near_miss("DIS-10", ordered, "court orders need no contract")
    paid = disclosure(
        site,
        4,
        dt.datetime(2026, 2, 10, 10, 0),
        "anonymised",
        ["age_band", "city"],
        300,
        anonymised=True,
        purpose="research",
        amount=150000.0,
    )
    site.plant("DIS-5", paid, "150000 KZT received for a (depersonalised) user sample")
    site.near_miss("DIS-5", 4, "depersonalised sample given free of charge")
    audience = disclosure(
        site, 7, dt.datetime(2025, 11, 20, 10, 0), "consent", ["email"], 95, purpose="advertising"
    )
    site.plant("MKT-4", audience, "e-mail audience uploaded to an ad platform")
    bands = disclosure(
        site,
        7,
        dt.datetime(2025, 12, 1, 10, 0),
        "anonymised",
        ["age_band", "city"],
        95,
        anonymised=True,
        purpose="advertising",
    )
    site.near_miss("MKT-4", bands, "anonymised age bands only")
    _check(dt.datetime(2026, 3, 3) < AS_OF, "plants precede the audit date")
