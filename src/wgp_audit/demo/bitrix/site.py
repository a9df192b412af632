"""A synthetic WGP 1C-Bitrix site: rows per Bitrix table, planted violations and near-misses.

Every instant is a naive local datetime (Asia/Atyrau, UTC+5), as Bitrix stores DATETIME.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo import names
from wgp_audit.demo.dataset import Planted

AS_OF = dt.datetime(2026, 10, 31, 23, 0)
LAUNCH = dt.datetime(2023, 2, 1, 9, 0)
ELEMENTS = ("confirmation", "purpose", "sources", "methods", "data_list", "terms", "third_parties")
AGREEMENT_PD, AGREEMENT_MARKETING, AGREEMENT_FEEDBACK = 1, 2, 3
GROUP_ADMINS, GROUP_ALL, GROUP_REGISTERED, GROUP_PD_RESPONSIBLE = 1, 2, 3, 4
FORM_FEEDBACK, FORM_VACANCY = 1, 2
STATUS_NEW, STATUS_WORK, STATUS_CLOSED, STATUS_VACANCY_NEW = 1, 2, 3, 4
FIELD_NAME, FIELD_EMAIL, FIELD_MESSAGE, FIELD_V_NAME, FIELD_V_PHONE, FIELD_V_CV = 1, 2, 3, 4, 5, 6
DIGEST_DAYS = tuple(dt.datetime(y, m, 10, 11, 0) for y in (2024, 2025, 2026) for m in (1, 4, 7, 10))


def serialize(value: Any) -> str:
    """PHP's serialised form of str, int, list or dict values, as Bitrix stores C_FIELDS and UF lists."""
    if isinstance(value, bool):
        return f"b:{int(value)};"
    if isinstance(value, int):
        return f"i:{value};"
    if isinstance(value, str):
        return f's:{len(value.encode("utf-8"))}:"{value}";'
    items = list(enumerate(value)) if isinstance(value, list | tuple) else list(value.items())
    body = "".join(serialize(k) + serialize(v) for k, v in items)
    return f"a:{len(items)}:{{{body}}}"


@dataclass
class Site:
    """Rows per Bitrix table, the manifest, and the bookkeeping the plants share."""

    seed: int
    rng: random.Random
    wd: WorkingDays
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    manifest: list[Planted] = field(default_factory=list)
    manual: set[int] = field(default_factory=set)  # users the base digest loop leaves alone
    opt_out_ignored: dict[int, dt.datetime] = field(default_factory=dict)
    emails: dict[int, str] = field(default_factory=dict)  # b_user.EMAIL by ID, for mail events
    _ids: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, **row: Any) -> dict[str, Any]:
        """Append a row; a table keyed by ID gets the next ID when none is given."""
        rows = self.tables.setdefault(table, [])
        if "ID" not in row and table not in ("b_uts_user", "b_user_group"):
            row = {"ID": self._ids.get(table, 0) + 1, **row}
        if "ID" in row:
            self._ids[table] = max(self._ids.get(table, 0), int(row["ID"]))
        rows.append(row)
        return row

    def rows(self, table: str) -> list[dict[str, Any]]:
        """The rows of one table (empty list when none)."""
        return self.tables.setdefault(table, [])

    def plant(self, check_id: str, key: object, note: str) -> None:
        """A violation the check must find."""
        self.manifest.append(Planted(check_id, str(key), True, note))

    def near_miss(self, check_id: str, key: object, note: str) -> None:
        """A near-miss the check must not find."""
        self.manifest.append(Planted(check_id, str(key), False, note))

    def between(self, lo: dt.datetime, hi: dt.datetime) -> dt.datetime:
        """A random local instant in [lo, hi), whole seconds."""
        span = int((hi - lo).total_seconds())
        return lo + dt.timedelta(seconds=self.rng.randrange(max(span, 1)))

    def deadline(self, at: dt.datetime, n: int) -> dt.datetime:
        """End of the n-th working day after the local day of `at` (the wd_deadline rule)."""
        return dt.datetime.combine(self.wd.nth_after(at.date(), n), dt.time(23, 59, 59))

    def ip(self) -> str:
        """A Kazakh-looking client IPv4 address."""
        return (
            f"{self.rng.choice((2, 5, 37, 46, 89, 95, 178))}.{self.rng.randrange(256)}."
            f"{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"
        )


# --- building blocks -------------------------------------------------------------------------


def _person(site: Site) -> dict[str, Any]:
    """A random person with the fields of a Bitrix user row."""
    rng = site.rng
    male = rng.random() < 0.5
    first = rng.choice(names.MALE_FIRST if male else names.FEMALE_FIRST)
    root = rng.choice(names.SURNAME_ROOTS)
    last = root if root.endswith("i") or male else root + "a"
    second = rng.choice(names.PATRONYMIC_ROOTS) + ("ovich" if male else "ovna")
    birth = dt.date(rng.randrange(1960, 2006), rng.randrange(1, 13), rng.randrange(1, 29))
    email = f"{first.lower()}.{root.lower()}{rng.randrange(10, 999)}@{rng.choice(names.MAIL_DOMAINS)}"
    phone = (
        f"+7 {rng.choice(names.MOBILE_PREFIXES)} {rng.randrange(100, 1000)} "
        f"{rng.randrange(10, 100)} {rng.randrange(10, 100)}"
    )
    iin = birth.strftime("%y%m%d") + ("3" if male else "4") + f"{rng.randrange(10**5):05d}"
    return {
        "NAME": first,
        "LAST_NAME": last,
        "SECOND_NAME": second,
        "EMAIL": email,
        "PERSONAL_PHONE": phone,
        "PERSONAL_BIRTHDAY": birth,
        "male": male,
        "iin": iin,
        "city": rng.choice(names.CITIES),
    }


def consent(
    site: Site, user_id: int, agreement: int, at: dt.datetime, origin: str = "register"
) -> dict[str, Any]:
    """A b_consent_user_consent row: the consent component's record of a ticked box."""
    url = {
        AGREEMENT_PD: "https://wgp.kz/personal/register/",
        AGREEMENT_MARKETING: "https://wgp.kz/personal/subscribe/",
        AGREEMENT_FEEDBACK: "https://wgp.kz/contacts/",
    }[agreement]
    originator = {"register": "main/register", "profile": "main/profile", "form": "form/FEEDBACK"}[origin]
    return site.add(
        "b_consent_user_consent",
        DATE_INSERT=at,
        AGREEMENT_ID=agreement,
        USER_ID=user_id,
        IP=site.ip(),
        URL=url,
        ORIGIN_ID=origin,
        ORIGINATOR_ID=originator,
    )


def user(
    site: Site,
    registered: dt.datetime,
    *,
    last_login: dt.datetime | None = None,
    closed: dt.datetime | None = None,
    pd_consent: bool = True,
    marketing: dt.datetime | None = None,
    iin: bool = False,
    hold: tuple[dt.date, str] | None = None,
    manual: bool = True,
    login: str | None = None,
    xml_id: str | None = None,
    email: str | None = None,
) -> int:
    """A b_user row (+ b_uts_user, group membership, consents, welcome mail, event log)."""
    p = _person(site)
    if email is not None:
        p["EMAIL"] = email
    uid = site._ids.get("b_user", 0) + 1
    touched = closed or site.between(
        registered, max(registered + dt.timedelta(hours=1), last_login or registered)
    )
    site.add(
        "b_user",
        ID=uid,
        TIMESTAMP_X=touched,
        LOGIN=login or p["EMAIL"] or p["PERSONAL_PHONE"],
        PASSWORD="$6$" + "".join(site.rng.choice("abcdef0123456789") for _ in range(24)),
        ACTIVE="N" if closed else "Y",
        NAME=p["NAME"],
        LAST_NAME=p["LAST_NAME"],
        SECOND_NAME=p["SECOND_NAME"],
        EMAIL=p["EMAIL"],
        LAST_LOGIN=last_login,
        DATE_REGISTER=registered,
        LID="s1",
        PERSONAL_PHONE=p["PERSONAL_PHONE"],
        PERSONAL_MOBILE=None,
        PERSONAL_BIRTHDAY=p["PERSONAL_BIRTHDAY"],
        PERSONAL_GENDER="M" if p["male"] else "F",
        PERSONAL_CITY=p["city"],
        WORK_COMPANY=None,
        EXTERNAL_AUTH_ID=None,
        XML_ID=xml_id,
        LAST_ACTIVITY_DATE=last_login,
    )
    site.emails[uid] = p["EMAIL"]
    site.add(
        "b_uts_user",
        VALUE_ID=uid,
        UF_IIN=p["iin"] if iin else None,
        UF_LEGAL_HOLD_UNTIL=hold[0] if hold else None,
        UF_LEGAL_HOLD_BASIS=hold[1] if hold else None,
    )
    site.add(
        "b_user_group", USER_ID=uid, GROUP_ID=GROUP_REGISTERED, DATE_ACTIVE_FROM=None, DATE_ACTIVE_TO=None
    )
    if pd_consent:
        consent(site, uid, AGREEMENT_PD, registered)
    if marketing is not None:
        consent(
            site, uid, AGREEMENT_MARKETING, marketing, "register" if marketing == registered else "profile"
        )
    if p["EMAIL"]:
        mail(site, "USER_INFO", uid, registered + dt.timedelta(seconds=40))
    log(site, "USER_REGISTER", uid, registered, "/personal/register/")
    if last_login is not None:
        log(site, "USER_AUTHORIZE", uid, last_login, "/personal/?login=yes")
    if manual:
        site.manual.add(uid)
    return uid


def mail(site: Site, event: str, user_id: int, sent: dt.datetime, **extra: str) -> int:
    """A b_event mail event sent (SUCCESS_EXEC 'Y') at `sent` to the user's e-mail."""
    email = site.emails.get(user_id, "")
    fields = {"EMAIL": email or "", "USER_ID": str(user_id), **extra}
    row = site.add(
        "b_event",
        EVENT_NAME=event,
        MESSAGE_ID={"USER_INFO": 2, "USER_PASS_REQUEST": 3}.get(event, 7),
        LID="s1",
        C_FIELDS=serialize(fields),
        DATE_INSERT=sent - dt.timedelta(seconds=30),
        DATE_EXEC=sent,
        SUCCESS_EXEC="Y",
        DUPLICATE="N",
        LANGUAGE_ID="ru",
    )
    return int(row["ID"])


def log(site: Site, audit_type: str, user_id: int, at: dt.datetime, uri: str, description: str = "") -> None:
    """A b_event_log row of the main module."""
    site.add(
        "b_event_log",
        TIMESTAMP_X=at,
        SEVERITY="SECURITY" if audit_type != "USER_DELETE" else "WARNING",
        AUDIT_TYPE_ID=audit_type,
        MODULE_ID="main",
        ITEM_ID=str(user_id),
        REMOTE_ADDR=site.ip(),
        USER_AGENT="Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        REQUEST_URI=uri,
        SITE_ID="s1",
        USER_ID=user_id,
        GUEST_ID=None,
        DESCRIPTION=description or None,
    )


def request(
    site: Site,
    user_id: int,
    kind: str,
    received: dt.datetime,
    *,
    answered: dt.datetime | None,
    completed: dt.datetime | None = None,
    docs: dt.datetime | None = None,
    scope: str | None = None,
    channel: str = "e_document",
    outcome: str | None = "granted",
    elements: tuple[str, ...] | None = None,
    fee: float = 0.0,
    refusal: str | None = None,
) -> int:
    """A wgp_pd_requests highload row: a data-subject request or a consent withdrawal."""
    if kind == "access" and elements is None:
        elements = ELEMENTS
    row = site.add(
        "wgp_pd_requests",
        UF_USER_ID=user_id,
        UF_TYPE=kind,
        UF_SCOPE=scope,
        UF_CHANNEL=channel,
        UF_RECEIVED_AT=received,
        UF_IDENTITY_CHECKED_AT=received + dt.timedelta(minutes=30),
        UF_DOCS_RECEIVED_AT=docs,
        UF_ANSWERED_AT=answered,
        UF_COMPLETED_AT=completed if completed is not None else answered,
        UF_OUTCOME=outcome if answered is not None else None,
        UF_REFUSAL_REASON=refusal,
        UF_FEE=fee,
        UF_RESPONSE_ITEMS=serialize(list(elements)) if elements else None,
    )
    return int(row["ID"])


def destroy(site: Site, user_id: int, triggered: dt.datetime, destroyed: dt.datetime, reason: str) -> None:
    """Delete the user as Bitrix does (row gone) and write the site's destruction register."""
    for table, col in (("b_user", "ID"), ("b_uts_user", "VALUE_ID"), ("b_user_group", "USER_ID")):
        site.tables[table] = [r for r in site.rows(table) if r[col] != user_id]
    site.add(
        "wgp_pd_destruction_log",
        UF_USER_ID=user_id,
        UF_STORE="bitrix-mysql",
        UF_CATEGORY="account",
        UF_REASON=reason,
        UF_TRIGGERED_AT=triggered,
        UF_DESTROYED_AT=destroyed,
        UF_BACKUPS=1,
    )
    log(site, "USER_DELETE", user_id, destroyed, "/bitrix/admin/user_admin.php")


def ticket(site: Site, user_id: int | None, created: dt.datetime, closed: dt.datetime | None) -> int:
    """A feedback web-form result (name, e-mail, message); closed ones have status Closed."""
    u = next((r for r in site.rows("b_user") if r["ID"] == user_id), None)
    res = site.add(
        "b_form_result",
        TIMESTAMP_X=closed or created,
        DATE_CREATE=created,
        STATUS_ID=STATUS_CLOSED if closed else STATUS_NEW,
        FORM_ID=FORM_FEEDBACK,
        USER_ID=user_id,
        USER_AUTH="Y" if user_id else "N",
        STAT_GUEST_ID=None,
        STAT_SESSION_ID=None,
    )
    topic = site.rng.choice(
        ("the delivery schedule", "an invoice", "my account", "a vacancy", "the price list")
    )
    name = f"{u['NAME']} {u['LAST_NAME']}" if u else "Guest"
    for fid, text in (
        (FIELD_NAME, name),
        (FIELD_EMAIL, u["EMAIL"] if u else "guest@mail.kz"),
        (FIELD_MESSAGE, f"Hello, I have a question about {topic}. Please call me back."),
    ):
        site.add(
            "b_form_result_answer",
            RESULT_ID=res["ID"],
            FORM_ID=FORM_FEEDBACK,
            FIELD_ID=fid,
            ANSWER_ID=None,
            USER_TEXT=text,
            USER_DATE=None,
            USER_FILE_ID=None,
            USER_FILE_NAME=None,
        )
    return int(res["ID"])


def disclosure(
    site: Site,
    recipient: int,
    at: dt.datetime,
    basis: str | None,
    fields: list[str],
    count: int,
    *,
    anonymised: bool = False,
    purpose: str = "customer_service",
    document: str | None = None,
    amount: float = 0.0,
) -> int:
    """A wgp_pd_disclosures highload row."""
    row = site.add(
        "wgp_pd_disclosures",
        UF_RECIPIENT=recipient,
        UF_DATE=at,
        UF_BASIS=basis,
        UF_ANONYMISED=int(anonymised),
        UF_FIELDS=serialize(fields),
        UF_RECORD_COUNT=count,
        UF_AMOUNT=amount,
        UF_COUNTRY="KZ",
        UF_PURPOSE=purpose,
        UF_DOCUMENT=document,
    )
    return int(row["ID"])
