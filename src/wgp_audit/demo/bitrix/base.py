"""The clean part of the Bitrix site: reference rows, staff, registered users and their activity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wgp_audit.demo.bitrix.site import (
    AGREEMENT_FEEDBACK,
    AGREEMENT_MARKETING,
    AGREEMENT_PD,
    AS_OF,
    DIGEST_DAYS,
    FIELD_EMAIL,
    FIELD_MESSAGE,
    FIELD_NAME,
    FIELD_V_CV,
    FIELD_V_NAME,
    FIELD_V_PHONE,
    FORM_FEEDBACK,
    FORM_VACANCY,
    GROUP_ADMINS,
    GROUP_ALL,
    GROUP_PD_RESPONSIBLE,
    GROUP_REGISTERED,
    LAUNCH,
    STATUS_CLOSED,
    STATUS_NEW,
    STATUS_VACANCY_NEW,
    STATUS_WORK,
    Site,
    destroy,
    disclosure,
    mail,
    request,
    ticket,
    user,
)

SETUP = dt.datetime(2022, 11, 1, 10, 0)


def reference(site: Site) -> None:
    """Groups, consent agreements, web forms, and the recipients register."""
    for gid, name, string_id in (
        (GROUP_ADMINS, "Administrators", None),
        (GROUP_ALL, "Everyone (including anonymous)", None),
        (GROUP_REGISTERED, "Registered users", "REGISTERED_USERS"),
        (GROUP_PD_RESPONSIBLE, "Responsible for personal data", "PD_RESPONSIBLE"),
    ):
        site.add(
            "b_group",
            ID=gid,
            TIMESTAMP_X=SETUP,
            ACTIVE="Y",
            C_SORT=gid * 100,
            ANONYMOUS="Y" if gid == GROUP_ALL else "N",
            NAME=name,
            DESCRIPTION=None,
            STRING_ID=string_id,
        )
    for aid, code, name in (
        (AGREEMENT_PD, "WGP_PD_PROCESSING", "Consent to the processing of personal data"),
        (AGREEMENT_MARKETING, "WGP_MARKETING", "Consent to receive the WGP news digest"),
        (AGREEMENT_FEEDBACK, "WGP_FEEDBACK", "Consent to processing for the feedback form"),
    ):
        site.add(
            "b_consent_agreement",
            ID=aid,
            CODE=code,
            DATE_INSERT=SETUP,
            ACTIVE="Y",
            NAME=name,
            TYPE="C",
            LANGUAGE_ID="ru",
            DATA_PROVIDER=None,
            AGREEMENT_TEXT=f"I, %fio%, consent to WGP LLP: {name.lower()}.",
            LABEL_TEXT="I agree",
            SECURITY_CODE=f"{aid:06d}",
            USE_URL="N",
            URL=None,
        )
    for fid, name, sid in (
        (FORM_FEEDBACK, "Feedback", "FEEDBACK"),
        (FORM_VACANCY, "Vacancy application", "VACANCY"),
    ):
        site.add("b_form", ID=fid, TIMESTAMP_X=SETUP, NAME=name, SID=sid, C_SORT=fid * 100, USE_CAPTCHA="Y")
    for fid, form, title, sid in (
        (FIELD_NAME, FORM_FEEDBACK, "Your name", "NAME"),
        (FIELD_EMAIL, FORM_FEEDBACK, "E-mail", "EMAIL"),
        (FIELD_MESSAGE, FORM_FEEDBACK, "Message", "MESSAGE"),
        (FIELD_V_NAME, FORM_VACANCY, "Full name", "FIO"),
        (FIELD_V_PHONE, FORM_VACANCY, "Phone", "PHONE"),
        (FIELD_V_CV, FORM_VACANCY, "CV", "CV_FILE"),
    ):
        site.add(
            "b_form_field",
            ID=fid,
            FORM_ID=form,
            TIMESTAMP_X=SETUP,
            ACTIVE="Y",
            TITLE=title,
            SID=sid,
            C_SORT=fid * 10,
            REQUIRED="Y",
        )
    for status, form, title in (
        (STATUS_NEW, FORM_FEEDBACK, "New"),
        (STATUS_WORK, FORM_FEEDBACK, "In progress"),
        (STATUS_CLOSED, FORM_FEEDBACK, "Closed"),
        (STATUS_VACANCY_NEW, FORM_VACANCY, "New"),
    ):
        site.add(
            "b_form_status",
            ID=status,
            FORM_ID=form,
            TIMESTAMP_X=SETUP,
            ACTIVE="Y",
            C_SORT=status * 100,
            TITLE=title,
            DEFAULT_VALUE="Y" if title == "New" else "N",
        )
    for rid, xml_id, name, kind, signed, clause in (
        (1, "rcp-aff-1", "WGP Holding LLP", "affiliate", dt.date(2022, 11, 1), 1),
        (2, "rcp-aff-2", "WGP Service LLP", "affiliate", dt.date(2023, 3, 1), 1),
        (3, "rcp-police-atyrau", "Police Department of Atyrau Region", "government_authority", None, None),
        (4, "rcp-kbtu-research", "KBTU Research Centre", "researcher", dt.date(2024, 2, 1), 1),
        (5, "rcp-ps-cloud", "PS Cloud Services LLP (hosting)", "service_provider", dt.date(2022, 10, 15), 1),
        (6, "rcp-complainant-1", "A private complainant", "individual", None, None),
        (7, "rcp-astana-ads", "Astana Ad Network LLP", "ad_platform", dt.date(2024, 1, 15), 1),
    ):
        site.add(
            "wgp_pd_recipients",
            ID=rid,
            UF_XML_ID=xml_id,
            UF_NAME=name,
            UF_KIND=kind,
            UF_COUNTRY="KZ",
            UF_CONTRACT_DATE=signed,
            UF_SECURITY_CLAUSE=clause,
        )


def staff(site: Site) -> None:
    """The administrator and three people appointed responsible for personal data over time.

    Appointments are b_user_group rows of the PD_RESPONSIBLE group with DATE_ACTIVE_FROM/TO.
    """
    recent = dt.datetime(2026, 10, 28, 9, 15)
    admin = user(site, SETUP, last_login=recent, login="admin")
    site.add("b_user_group", USER_ID=admin, GROUP_ID=GROUP_ADMINS, DATE_ACTIVE_FROM=None, DATE_ACTIVE_TO=None)
    first = user(site, SETUP, last_login=recent, login="dpo.first")
    second = user(site, dt.datetime(2024, 4, 10, 9, 0), last_login=recent, login="dpo.second")
    third = user(site, dt.datetime(2025, 6, 20, 9, 0), last_login=recent, login="dpo.third")
    for uid, start, end in (
        (first, dt.datetime(2022, 12, 1, 9, 0), dt.datetime(2024, 3, 31, 23, 59, 59)),
        (second, dt.datetime(2024, 4, 15, 9, 0), dt.datetime(2025, 6, 30, 18, 0)),
        (third, dt.datetime(2025, 6, 30, 9, 0), None),
    ):
        site.add(
            "b_user_group",
            USER_ID=uid,
            GROUP_ID=GROUP_PD_RESPONSIBLE,
            DATE_ACTIVE_FROM=start,
            DATE_ACTIVE_TO=end,
        )
    site.plant(
        "ORG-1",
        "gap:2024-04-01",
        "first responsible person's membership ended 2024-03-31, the next began 2024-04-15",
    )
    site.near_miss(
        "ORG-1",
        "gap:2025-06-30",
        "same-day handover: one membership ends 18:00 on 2025-06-30, the next began 09:00 that day",
    )
    site.near_miss("ORG-1", "gap:2025-07-01", "same-day handover, the day after")


def population(site: Site, n_users: int) -> None:
    """Registered users: consents at registration, logins, deactivations, IINs for some."""
    rng = site.rng
    last_reg = dt.datetime(2026, 10, 20, 18, 0)
    for _ in range(n_users):
        registered = site.between(LAUNCH, last_reg).replace(microsecond=0)
        login_from = max(registered, dt.datetime(2025, 1, 1))
        last_login = site.between(login_from, dt.datetime(2026, 10, 30, 22, 0))
        closed = None
        if rng.random() < 0.08 and registered < dt.datetime(2026, 10, 1):
            closed = site.between(
                max(registered, dt.datetime(2025, 12, 1)) + dt.timedelta(days=1), dt.datetime(2026, 10, 25)
            )
            last_login = site.between(registered, closed)
        marketing = None
        if rng.random() < 0.45:
            marketing = (
                registered
                if rng.random() < 0.7
                else site.between(registered, registered + dt.timedelta(days=200))
            )
            if marketing > AS_OF - dt.timedelta(days=10):
                marketing = registered
        user(
            site,
            registered,
            last_login=last_login,
            closed=closed,
            marketing=marketing,
            iin=rng.random() < 0.1,
            manual=False,
        )


def _base_users(site: Site) -> list[dict[str, Any]]:
    """The site's users that no plant wrote by hand."""
    return [u for u in site.rows("b_user") if u["ID"] not in site.manual]


def withdrawals(site: Site) -> None:
    """Marketing opt-outs by the unsubscribe link, processed the next working day."""
    subscribers = sorted(
        {
            int(c["USER_ID"])
            for c in site.rows("b_consent_user_consent")
            if c["AGREEMENT_ID"] == AGREEMENT_MARKETING and c["USER_ID"] not in site.manual
        }
    )
    for uid in site.rng.sample(subscribers, k=min(8, len(subscribers))):
        given = max(
            c["DATE_INSERT"]
            for c in site.rows("b_consent_user_consent")
            if c["USER_ID"] == uid and c["AGREEMENT_ID"] == AGREEMENT_MARKETING
        )
        received = site.between(
            max(given, dt.datetime(2024, 2, 1)) + dt.timedelta(days=1), dt.datetime(2026, 10, 15)
        )
        done = dt.datetime.combine(site.wd.nth_after(received.date(), 1), dt.time(11, 0))
        request(
            site,
            uid,
            "consent_withdrawal",
            received,
            answered=done,
            scope="marketing",
            channel="unsubscribe_link",
            outcome="stopped",
        )


def _marketing_events(site: Site) -> dict[int, list[tuple[dt.datetime, bool]]]:
    """Per user, the marketing consents (True) and opt-outs (False) with their instants, sorted.

    An opt-out takes effect when received, unless a plant made the sender ignore it for a while.
    """
    events: dict[int, list[tuple[dt.datetime, bool]]] = {}
    for c in site.rows("b_consent_user_consent"):
        if c["AGREEMENT_ID"] == AGREEMENT_MARKETING:
            events.setdefault(int(c["USER_ID"]), []).append((c["DATE_INSERT"], True))
    for r in site.rows("wgp_pd_requests"):
        if r["UF_TYPE"] == "consent_withdrawal":
            uid = int(r["UF_USER_ID"])
            events.setdefault(uid, []).append((site.opt_out_ignored.get(uid, r["UF_RECEIVED_AT"]), False))
    return {uid: sorted(e) for uid, e in events.items()}


def digests(site: Site) -> dict[tuple[int, dt.datetime], int]:
    """The quarterly news digest to every subscribed, active user; returns message ids.

    A user is subscribed at a send when the latest marketing event before it is a consent.
    """
    events = _marketing_events(site)
    sent: dict[tuple[int, dt.datetime], int] = {}
    for day in DIGEST_DAYS:
        k = 0
        for u in sorted(site.rows("b_user"), key=lambda r: int(r["ID"])):
            uid = int(u["ID"])
            if uid in site.manual and uid not in site.opt_out_ignored:
                continue
            active = u["ACTIVE"] == "Y" or u["TIMESTAMP_X"] > day
            before = [subscribed for at, subscribed in events.get(uid, []) if at <= day]
            if u["DATE_REGISTER"] < day and active and before and before[-1]:
                k += 1
                sent[(uid, day)] = mail(
                    site,
                    "WGP_NEWS_DIGEST",
                    uid,
                    day + dt.timedelta(seconds=k),
                    CAMPAIGN=f"digest-{day:%Y-%m}",
                )
    return sent


def activity(site: Site) -> None:
    """Requests answered on time, deletions on request, feedback, vacancies, disclosures."""
    rng = site.rng
    wd = site.wd
    users = [u for u in _base_users(site) if u["ACTIVE"] == "Y"]
    for u in rng.sample(users, k=8):
        received = site.between(max(u["DATE_REGISTER"], dt.datetime(2024, 1, 1)), dt.datetime(2026, 10, 20))
        answer = dt.datetime.combine(wd.nth_after(received.date(), 1), dt.time(12, 0))
        request(site, int(u["ID"]), "access", received, answered=answer)
    for u in rng.sample(users, k=3):
        received = site.between(max(u["DATE_REGISTER"], dt.datetime(2024, 1, 1)), dt.datetime(2026, 10, 20))
        request(
            site,
            int(u["ID"]),
            "rectify",
            received,
            docs=received,
            answered=received + dt.timedelta(hours=3),
            channel="written",
        )
    for u in rng.sample(users, k=2):
        received = site.between(max(u["DATE_REGISTER"], dt.datetime(2024, 1, 1)), dt.datetime(2026, 10, 20))
        done = received + dt.timedelta(hours=4)
        request(site, int(u["ID"]), "destroy", received, answered=done)
        destroy(site, int(u["ID"]), received, done, "request")
    users = [u for u in _base_users(site) if u["ACTIVE"] == "Y"]
    for _ in range(40):
        u = rng.choice(users)
        created = site.between(max(u["DATE_REGISTER"], dt.datetime(2024, 12, 1)), dt.datetime(2026, 10, 25))
        closed = created + dt.timedelta(days=rng.randrange(1, 6)) if rng.random() < 0.8 else None
        ticket(site, int(u["ID"]), created, closed)
    for _ in range(15):
        p_created = site.between(dt.datetime(2025, 11, 1), dt.datetime(2026, 10, 25))
        res = site.add(
            "b_form_result",
            TIMESTAMP_X=p_created,
            DATE_CREATE=p_created,
            STATUS_ID=STATUS_VACANCY_NEW,
            FORM_ID=FORM_VACANCY,
            USER_ID=None,
            USER_AUTH="N",
            STAT_GUEST_ID=rng.randrange(10**5),
            STAT_SESSION_ID=None,
        )
        for fid, text, file in (
            (FIELD_V_NAME, "Applicant " + str(res["ID"]), None),
            (FIELD_V_PHONE, f"+7 701 {rng.randrange(10**6, 10**7)}", None),
            (FIELD_V_CV, None, f"cv_{res['ID']}.pdf"),
        ):
            site.add(
                "b_form_result_answer",
                RESULT_ID=res["ID"],
                FORM_ID=FORM_VACANCY,
                FIELD_ID=fid,
                ANSWER_ID=None,
                USER_TEXT=text,
                USER_DATE=None,
                USER_FILE_ID=rng.randrange(1000, 9999) if file else None,
                USER_FILE_NAME=file,
            )
    disclosure(site, 1, dt.datetime(2024, 2, 15, 11, 0), "consent", ["email", "full_name"], 120)
    disclosure(site, 1, dt.datetime(2025, 2, 14, 11, 0), "consent", ["email", "full_name"], 164)
    disclosure(
        site,
        3,
        dt.datetime(2025, 6, 10, 15, 0),
        "authority_request",
        ["full_name", "phone", "ip"],
        1,
        purpose="enforcement",
        document="Request No. 12-3/4567 of 2025-06-09",
    )
    disclosure(
        site,
        4,
        dt.datetime(2025, 4, 1, 10, 0),
        "anonymised",
        ["age_band", "city"],
        250,
        anonymised=True,
        purpose="research",
    )
    site.near_miss("DIS-1", 3, "disclosure to the police on an authority request")
    site.near_miss("DIS-10", 3, "authority request: no contract needed")
    site.near_miss("DIS-1", 4, "anonymised disclosure to a researcher")
