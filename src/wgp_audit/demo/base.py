"""A compliant base population: every record meets the policy and the law, unless a plant says so."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo import names
from wgp_audit.demo.dataset import LOCAL, Dataset
from wgp_audit.identifiers import check_digit

OPERATOR_BIN = "150540012345"
OPTIONAL_SCOPES = {
    "marketing": 0.5,
    "analytics": 0.6,
    "advertising": 0.3,
    "third_party": 0.25,
    "cross_border": 0.1,
}


def _iin(ds: Dataset, birth: dt.date, male: bool) -> str:
    """A valid IIN for the birth date and sex given."""
    century_sex = (3 if male else 4) if birth.year < 2000 else (5 if male else 6)
    tail = "".join(str(ds.rng.randrange(10)) for _ in range(5))
    return valid_iin(f"{birth:%y%m%d}{century_sex}{tail[:4]}")  # the 5th draw kept: same data


def valid_iin(first11: str) -> str:
    """The IIN with its check digit; where none exists, the 11th digit is stepped until one does."""
    while (check := check_digit(first11)) is None:
        first11 = first11[:10] + str((int(first11[10]) + 1) % 10)
    return f"{first11}{check}"


def _person(ds: Dataset) -> dict[str, Any]:
    """A random person: name, e-mail, phone, IIN, birth date and city."""
    male = ds.rng.random() < 0.5
    first = ds.rng.choice(names.MALE_FIRST if male else names.FEMALE_FIRST)
    root = ds.rng.choice(names.SURNAME_ROOTS)
    surname = root if male or root.endswith("i") else root + "a"
    pat = ds.rng.choice(names.PATRONYMIC_ROOTS) + ("ovich" if male else "ovna")
    age_days = ds.rng.randrange(19 * 365, 70 * 365)
    # counted back from the start of the demo period, so that every base consent is an adult's
    birth = (ds.start - dt.timedelta(days=age_days)).date()
    mail_user = f"{first.lower()}.{surname.lower()}{ds.rng.randrange(1, 999)}"
    return {
        "full_name": f"{surname} {first} {pat}",
        "email": f"{mail_user}@{ds.rng.choice(names.MAIL_DOMAINS)}",
        "phone": f"+7{ds.rng.choice(names.MOBILE_PREFIXES)}{ds.rng.randrange(10**7):07d}",
        "iin": _iin(ds, birth, male),
        "birth_date": birth,
        "city": ds.rng.choice(names.CITIES),
    }


def reference_tables(ds: Dataset) -> None:
    """Policy versions, purposes, recipients, stores, cookies, roles: the operator's registers."""
    ds.add(
        "policy_versions",
        version_id="pv-2023-01-12",
        label="2023-01-12",
        effective_at=ds.local(2023, 1, 12, 0),
        url="https://www.wgp.kz/privacy",
        text_sha256="9f0c1e" + "0" * 58,
        material_change=True,
    )
    for code, desc, clause, basis in (
        ("customer_service", "Customer service and account management", "PP-9(a)", "contract"),
        ("account", "Creating and managing user accounts", "PP-9(a)", "contract"),
        ("advertising", "Tailoring offers and advertising", "PP-9(b)", "consent"),
        ("analytics", "Research and analytics to improve the service", "PP-9(d)", "consent"),
        ("marketing", "Authorised marketing communications", "PP-9(c)", "consent"),
        ("research", "Scientific research with anonymised data", "PP-9(d)", "consent"),
        ("enforcement", "Enforcing the User Agreement", "PP-9(e)", "law"),
    ):
        ds.add(
            "purposes",
            purpose_code=code,
            description=desc,
            policy_clause=clause,
            legal_basis=basis,
            requires_consent=basis == "consent",
        )
    signed = ds.local(2022, 11, 1)
    for rid, name, kind, country in (
        ("rcp-aff-1", "WGP Services LLP", "affiliate", "KZ"),
        ("rcp-aff-2", "WGP Digital LLP", "affiliate", "KZ"),
        ("rcp-sp-hosting", "Kazakhtelecom Data Center", "service_provider", "KZ"),
        ("rcp-sp-sms", "SMS Center KZ LLP", "service_provider", "KZ"),
        ("rcp-gov-police", "Atyrau Region Police Department", "government_authority", "KZ"),
        ("rcp-gov-tax", "State Revenue Committee", "government_authority", "KZ"),
        ("rcp-court-1", "Atyrau City Court No. 2", "court", "KZ"),
        ("rcp-res-1", "Al-Farabi KazNU Research Lab", "researcher", "KZ"),
        ("rcp-ad-1", "AdReach Kazakhstan LLP", "ad_platform", "KZ"),
    ):
        ds.add(
            "recipients",
            recipient_id=rid,
            name=name,
            kind=kind,
            country=country,
            contract_signed_at=signed,
            security_clause=True,
        )
    for sid, system, role, city, provider in (
        ("st-primary", "postgres-main", "primary", "Atyrau", "WGP LLP"),
        ("st-replica", "postgres-replica", "replica", "Almaty", "Kazakhtelecom"),
        ("st-backup", "backup-vault", "backup", "Astana", "Kazakhtelecom"),
        ("st-logs", "log-archive", "log_store", "Atyrau", "WGP LLP"),
        ("st-analytics", "clickhouse-analytics", "analytics", "Atyrau", "WGP LLP"),
        ("st-sms", "sms-gateway", "processor", "Almaty", "SMS Center KZ LLP"),
    ):
        ds.add(
            "storage_locations",
            store_id=sid,
            system=system,
            role=role,
            provider=provider,
            country="KZ",
            city=city,
            holds_personal_data=True,
            encrypted_at_rest=True,
            cross_border_basis=None,
        )
    for name, kind, days, purpose, essential in (
        ("wgp_session", "session", None, "account", True),
        ("wgp_lang", "persistent", 365, "customer_service", True),
        ("wgp_consent", "persistent", 365, "account", True),
        ("_wgp_an", "persistent", 395, "analytics", False),
        ("_wgp_ads", "persistent", 90, "advertising", False),
    ):
        ds.add(
            "cookies",
            name=name,
            domain=".wgp.kz",
            kind=kind,
            declared_max_age_days=days,
            purpose_code=purpose,
            essential=essential,
        )
    ds.add(
        "org_roles",
        person_id="emp-0007",
        role="responsible_for_personal_data",
        appointed_at=ds.local(2022, 12, 1),
        ended_at=None,
    )
    ds.add(
        "org_roles", person_id="emp-0003", role="dpo_deputy", appointed_at=ds.local(2023, 3, 1), ended_at=None
    )


def _consent(
    ds: Dataset, user: dict[str, Any], scope: str, given_at: dt.datetime, **extra: Any
) -> dict[str, Any]:
    """Add a consent row of the user for a scope, given at a moment; returns the row."""
    row = {
        "consent_id": ds.new_id("cns"),
        "user_id": user["user_id"],
        "scope": scope,
        "given_at": given_at,
        "valid_until": None,
        "policy_version_id": "pv-2023-01-12",
        "method": ds.rng.choice(("web_form", "sms_code", "e_document")),
        "evidence_ref": f"ev-{ds.rng.randrange(16**10):010x}",
        "given_by": "subject",
        "representative_id": None,
        "operator_bin": OPERATOR_BIN,
        "states_data_list": True,
        "notify_on_transfer": False,
    }
    row.update(extra)
    return ds.add("consents", **row)


def _add_user(
    ds: Dataset, user_id: str, person: dict[str, Any], created: dt.datetime, last_active: dt.datetime
) -> dict[str, Any]:
    """Add an active, self-registered user row holding `person`'s data."""
    return ds.add(
        "users",
        user_id=user_id,
        full_name=person["full_name"],
        email=person["email"],
        phone=person["phone"],
        iin=person["iin"],
        birth_date=person["birth_date"],
        country="KZ",
        status="active",
        created_at=created,
        last_active_at=last_active,
        closed_at=None,
        legal_hold_until=None,
        legal_hold_basis=None,
        source="self",
        source_recipient_id=None,
        source_basis_ref=None,
    )


def users(ds: Dataset, n_users: int, wd: WorkingDays) -> None:
    """Active and recently closed users with their consents; old closed accounts destroyed."""
    closed_cutoff = ds.as_of - dt.timedelta(days=365)
    for _ in range(n_users):
        p = _person(ds)
        uid = ds.new_id("usr")
        created = ds.between(ds.start, ds.as_of - dt.timedelta(days=30))
        last_active = ds.between(max(created, ds.as_of - dt.timedelta(days=300)), ds.as_of)
        user = _add_user(ds, uid, p, created, last_active)
        user["_city"] = p["city"]
        consent_at = created - dt.timedelta(seconds=ds.rng.randrange(5, 90))
        _consent(ds, user, "account", consent_at)
        for scope, share in OPTIONAL_SCOPES.items():
            if ds.rng.random() < share:
                _consent(
                    ds,
                    user,
                    scope,
                    consent_at + dt.timedelta(seconds=1),
                    notify_on_transfer=scope == "third_party" and ds.rng.random() < 0.5,
                )
        roll = ds.rng.random()
        if roll < 0.06:
            # closed within the last year: personal data may still be held
            closed = ds.between(
                max(created, closed_cutoff + dt.timedelta(days=5)), ds.as_of - dt.timedelta(days=2)
            )
            user.update(status="closed", closed_at=closed, last_active_at=closed)
        elif roll < 0.10 and created < closed_cutoff - dt.timedelta(days=30):
            closed = ds.between(created, closed_cutoff - dt.timedelta(days=20))
            destroy_user(ds, user, closed, wd, reason="closure", trigger=closed + dt.timedelta(days=365))


def destroy_user(
    ds: Dataset,
    user: dict[str, Any],
    closed: dt.datetime | None,
    wd: WorkingDays,
    *,
    reason: str,
    trigger: dt.datetime,
    late: bool = False,
) -> dict[str, Any]:
    """Destroy a user's personal data within one working day of the trigger (or late, if asked)."""
    day = wd.nth_after(trigger.astimezone(LOCAL).date(), 8 if late else 1)
    destroyed = dt.datetime.combine(day, dt.time(11, 0), tzinfo=LOCAL).astimezone(dt.UTC)
    if not late:
        destroyed = min(destroyed, trigger + dt.timedelta(hours=20))
    for col in ("full_name", "email", "phone", "iin", "birth_date"):
        user[col] = None
    user.update(status="destroyed", closed_at=closed, last_active_at=closed or user["created_at"])
    rec = ds.add(
        "destruction_records",
        destruction_id=ds.new_id("dst"),
        user_id=user["user_id"],
        store_id="st-primary",
        category="account",
        reason=reason,
        triggered_at=trigger,
        destroyed_at=destroyed,
        includes_backups=True,
    )
    return rec


def new_user(
    ds: Dataset,
    *,
    created: dt.datetime | None = None,
    scopes: tuple[str, ...] = ("account",),
    **overrides: Any,
) -> dict[str, Any]:
    """A fresh, compliant active user with consents for `scopes`, for plants to build on.

    Plants should prefer a new user over editing a base row, so that one plant cannot trip
    another requirement's check by accident.
    """
    p = _person(ds)
    created = created or ds.between(ds.start, ds.as_of - dt.timedelta(days=400))
    uid = ds.new_id("usr")
    user = _add_user(ds, uid, p, created, ds.as_of - dt.timedelta(days=ds.rng.randrange(1, 200)))
    user.update(overrides)
    at = created - dt.timedelta(seconds=30)
    for scope in scopes:
        _consent(ds, user, scope, at)
    return user


def consent(
    ds: Dataset, user: dict[str, Any], scope: str, given_at: dt.datetime, **extra: Any
) -> dict[str, Any]:
    """Add a compliant consent row (web form with evidence, operator BIN, data list stated)."""
    return _consent(ds, user, scope, given_at, **extra)
