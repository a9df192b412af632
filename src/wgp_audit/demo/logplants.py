"""Planted log lines: violations and near-misses of the log checks, and the noise real logs hold."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from wgp_audit.demo import base, traffic

if TYPE_CHECKING:
    from wgp_audit.demo.logs import LogPlan

BROWSER = traffic.BROWSERS[1]


def _hit(req: str, expected: bool, note: str) -> tuple[str, bool, str, None]:
    """A log tag: the request, whether it is a violation, the note, no fixed key."""
    return (req, expected, note, None)


def _user(plan: LogPlan) -> dict[str, Any]:
    """A new demo user for a log plant."""
    return base.new_user(plan.ds, created=plan.ds.local(2024, 2, 10))


def plant_web(plan: LogPlan) -> None:
    """SEC-3, LOG-1 (remote user), LOG-3, LOG-4 lines and the parser noise, in October 2026."""
    ds, w = plan.ds, plan.web_line
    kz = "95.57.140.21"
    a, b = _user(plan), _user(plan)
    email = str(a["email"]).replace("@", "%40")
    w(
        ds.local(2026, 10, 6, 14, 3),
        kz,
        f"GET /api/password-reset?email={email} HTTP/2.0",
        200,
        88,
        tags=(_hit("SEC-3", True, "e-mail address in the query string"),),
    )
    phone = str(b["phone"]).replace("+", "%2B")
    w(
        ds.local(2026, 10, 9, 9, 41),
        kz,
        f"GET /account/verify?phone={phone} HTTP/2.0",
        302,
        0,
        tags=(_hit("SEC-3", True, "+7 phone number in the query string"),),
    )
    w(
        ds.local(2026, 10, 15, 11, 5),
        "2.133.70.4",
        f"GET /api/users/by-iin/{a['iin']} HTTP/2.0",
        200,
        412,
        tags=(_hit("SEC-3", True, "IIN in the request path"),),
    )
    w(
        ds.local(2026, 10, 22, 18, 30),
        kz,
        "GET /static/app.3f9c2a.js HTTP/1.1",
        200,
        210334,
        referer="http://www.wgp.kz/account/profile",
        tags=(_hit("SEC-3", True, "profile page served over plain http (referer)"),),
    )
    w(
        ds.local(2026, 10, 7, 12, 0),
        kz,
        "GET /search?q=samsung+galaxy+s24 HTTP/2.0",
        200,
        28100,
        tags=(_hit("SEC-3", False, "search words, no personal data"),),
    )
    w(
        ds.local(2026, 10, 8, 16, 20),
        kz,
        "GET /orders/202610311234 HTTP/2.0",
        200,
        5120,
        tags=(_hit("SEC-3", False, "12-digit order number: month 26, not an IIN"),),
    )
    w(
        ds.local(2026, 10, 23, 10, 10),
        kz,
        "GET /static/app.3f9c2a.css HTTP/2.0",
        200,
        40211,
        referer="https://www.wgp.kz/account/profile",
        tags=(_hit("SEC-3", False, "profile page over https"),),
    )
    w(
        ds.local(2026, 10, 23, 10, 12),
        kz,
        "GET /catalog/tv HTTP/1.1",
        200,
        30301,
        referer="http://www.wgp.kz/catalog",
        tags=(_hit("SEC-3", False, "catalogue page over http: no personal data on it"),),
    )
    # LOG-1: a login e-mail logged as the basic-auth user
    w(
        ds.local(2026, 10, 13, 8, 55),
        "92.46.33.8",
        "GET /admin/ HTTP/1.1",
        401,
        590,
        user=str(b["email"]),
        tags=(_hit("LOG-1", True, "e-mail address as the remote user"),),
    )
    w(
        ds.local(2026, 10, 13, 8, 56),
        traffic.MONITOR_IP,
        "GET /healthz HTTP/1.1",
        200,
        2,
        user="monitor",
        ua=traffic.MONITOR_UA,
        tags=(_hit("LOG-1", False, "technical account name as the remote user"),),
    )
    # LOG-4: admin access from abroad
    w(
        ds.local(2026, 10, 18, 3, 12),
        "185.220.101.47",
        "GET /admin/users HTTP/1.1",
        200,
        9120,
        tags=(_hit("LOG-4", True, "admin page served to a German address"),),
    )
    w(
        ds.local(2026, 10, 25, 23, 40),
        "2a01:4f8:c17:1a2b::2",
        "POST /admin/login HTTP/2.0",
        302,
        0,
        tags=(_hit("LOG-4", True, "admin login from a German IPv6 address"),),
    )
    w(
        ds.local(2026, 10, 27, 2, 5),
        "103.21.244.15",
        "GET /admin/export HTTP/1.1",
        200,
        1200,
        tags=(_hit("LOG-4", True, "admin export to an address in no Kazakh range"),),
    )
    w(
        ds.local(2026, 10, 11, 4, 0),
        "66.249.66.1",
        "GET /admin HTTP/1.1",
        404,
        153,
        ua=traffic.BOTS[0][1],
        tags=(_hit("LOG-4", False, "probe from abroad, refused (404)"),),
    )
    w(
        ds.local(2026, 10, 19, 10, 30),
        "2a03:32c0:5:1::7",
        "GET /admin/orders HTTP/2.0",
        200,
        7001,
        tags=(_hit("LOG-4", False, "admin from a Kazakh IPv6 address"),),
    )
    w(
        ds.local(2026, 10, 21, 22, 15),
        "10.8.0.14",
        "GET /admin/ HTTP/1.1",
        200,
        5003,
        tags=(_hit("LOG-4", False, "admin over the office VPN (internal address)"),),
    )
    # LOG-3: a 150-minute outage and a 24-minute lull (the gap limit is 30 minutes)
    for lo, hi, expected, note in (
        (
            ds.local(2026, 10, 12, 2, 40),
            ds.local(2026, 10, 12, 5, 10),
            True,
            "no request logged 02:40-05:10 on 2026-10-12",
        ),
        (
            ds.local(2026, 10, 20, 4, 0),
            ds.local(2026, 10, 20, 4, 24),
            False,
            "24 minutes without a request, under the 30-minute limit",
        ),
    ):
        plan.web_excluded.append((int(lo.timestamp()), int(hi.timestamp())))
        w(
            lo,
            traffic.MONITOR_IP,
            "GET /healthz HTTP/1.1",
            200,
            2,
            ua=traffic.MONITOR_UA,
            tags=(_hit("LOG-3", expected, note),),
        )
        w(hi, traffic.MONITOR_IP, "GET /healthz HTTP/1.1", 200, 2, ua=traffic.MONITOR_UA)
    # noise: parsed or rejected, never a finding
    t = int(ds.local(2026, 10, 14, 3, 33).timestamp())
    plan.noise += [
        (
            "tls handshake",
            t,
            "45.155.205.233 - - [14/Oct/2026:03:33:00 +0500] "
            '"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03\\x8A" 400 157 "-" "-"',
            True,
        ),
        ("request '-'", t + 60, '45.155.205.233 - - [14/Oct/2026:03:34:00 +0500] "-" 400 0 "-" "-"', True),
        (
            "escaped quote in user agent",
            t + 120,
            "95.58.4.17 - - [14/Oct/2026:03:35:00 +0500] "
            '"GET / HTTP/1.1" 200 48211 "-" "Mozilla/5.0 (compatible; \\"ScanBot\\" 1.2)"',
            False,
        ),
    ]


def plant_app(plan: LogPlan) -> None:
    """LOG-1, LOG-2, RET-5, RET-6, RET-7, PUR-1, COOK-1..6 and DIS-11 events."""
    ds, ev = plan.ds, plan.event
    # LOG-1: personal data in event details
    u = _user(plan)
    ev(
        ds.local(2026, 9, 3, 12),
        "profile.update",
        user_id=u["user_id"],
        session="ses-p1",
        ip="95.56.8.9",
        purpose="account",
        details={"fields": ["phone"], "new_value": u["phone"]},
        tags=(_hit("LOG-1", True, "new phone number written into the event"),),
    )
    ev(
        ds.local(2026, 8, 14, 9),
        "login",
        session="ses-p2",
        ip="95.56.8.10",
        purpose="account",
        details={"method": "password", "result": "failed", "login": u["email"]},
        tags=(_hit("LOG-1", True, "typed e-mail address logged on a failed login"),),
    )
    ev(
        ds.local(2026, 9, 3, 13),
        "profile.read",
        user_id=u["user_id"],
        actor_id="emp-0012",
        role="support",
        ip=traffic.OFFICE_IP,
        purpose="customer_service",
        details={"fields": ["email", "phone", "iin"]},
        tags=(_hit("LOG-1", False, "names of fields read, not their values"),),
    )
    ev(
        ds.local(2026, 9, 4, 13),
        "order.create",
        user_id=u["user_id"],
        session="ses-p3",
        purpose="customer_service",
        details={"order_no": "202610311234"},
        tags=(_hit("LOG-1", False, "12-digit order number that is not an IIN"),),
    )
    # LOG-2: a consent with no event; one logged late without its id; one before the log
    start = ds.as_of - dt.timedelta(days=420)
    missing = base.new_user(ds, created=ds.local(2026, 8, 10, 15))
    late = base.new_user(ds, created=ds.local(2026, 8, 11, 16))
    before = base.new_user(ds, created=start - dt.timedelta(days=2))
    cons = {
        c["user_id"]: c
        for c in ds.rows("consents")
        if c["user_id"] in (missing["user_id"], late["user_id"], before["user_id"])
    }
    plan.skip_consents |= {cons[missing["user_id"]]["consent_id"], cons[late["user_id"]]["consent_id"]}
    ds.plant("LOG-2", cons[missing["user_id"]]["consent_id"], "consent with no consent.grant event")
    c = cons[late["user_id"]]
    ev(
        c["given_at"] + dt.timedelta(minutes=3),
        "consent.grant",
        user_id=c["user_id"],
        session="ses-p4",
        purpose=c["scope"],
        details={"scope": c["scope"]},
    )
    ds.near_miss("LOG-2", c["consent_id"], "event logged 3 minutes later, without the consent id")
    ds.near_miss("LOG-2", cons[before["user_id"]]["consent_id"], "consent given before the log starts")
    window = sorted(
        (
            d
            for d in ds.rows("disclosures")
            if d["disclosed_at"] is not None
            and start + dt.timedelta(days=1) <= d["disclosed_at"] < ds.as_of
            and d["legal_basis"] == "consent"
        ),
        key=lambda d: d["disclosure_id"],
    )
    gone, vague = window[0], window[1]
    plan.skip_disclosures |= {gone["disclosure_id"], vague["disclosure_id"]}
    ds.plant("LOG-2", gone["disclosure_id"], "disclosure with no export event")
    ev(
        vague["disclosed_at"] + dt.timedelta(hours=3),
        "export",
        actor_id="svc-export",
        role="system",
        purpose=vague["purpose_code"],
        details={"recipient_id": vague["recipient_id"], "fields": vague["fields"]},
    )
    ds.near_miss("LOG-2", vague["disclosure_id"], "export logged 3 hours later without its id")
    # RET-5 / RET-6: a destroyed subject read after destruction; a delete with no record
    gone_user = base.new_user(ds, created=ds.local(2023, 3, 1))
    rec = base.destroy_user(
        ds, gone_user, ds.local(2025, 6, 2), plan.wd, reason="closure", trigger=ds.local(2026, 6, 2)
    )
    ev(
        rec["destroyed_at"] + dt.timedelta(days=10),
        "profile.read",
        user_id=gone_user["user_id"],
        actor_id="emp-0013",
        role="support",
        ip=traffic.OFFICE_IP,
        purpose="customer_service",
        details={"fields": ["full_name"]},
        tags=(_hit("RET-5", True, "destroyed subject's id read 10 days after destruction"),),
    )
    ev(
        ds.local(2025, 5, 30, 12),
        "page_view",
        user_id=gone_user["user_id"],
        session="ses-p5",
        ip="95.59.1.1",
        purpose="customer_service",
        details={"path": "/account"},
        tags=(_hit("RET-5", False, "activity before the account closed"),),
    )
    plan.destruction_tags[rec["destruction_id"]] = (
        _hit("RET-5", False, "the deletion event itself names the subject"),
        _hit("RET-6", False, "deletion event with its destruction record"),
    )
    kept = _user(plan)
    ev(
        ds.local(2026, 7, 7, 3),
        "account.delete",
        user_id=kept["user_id"],
        actor_id="svc-retention",
        role="system",
        purpose="account",
        details={"reason": "request"},
        tags=(_hit("RET-6", True, "delete event with no destruction record"),),
    )
    # RET-7: the oldest app archive outlives the 365-day retention; the next one does not
    ds.plant("RET-7", "app:events.jsonl.2.gz", "app events 366-420 days old still stored")
    ds.near_miss("RET-7", "app:events.jsonl.1.gz", "oldest event 366 days old, within the grace day")
    ds.near_miss("RET-7", "web:access.log.3.gz", "web lines 28 days old")
    # PUR-1: app events for a purpose the policy does not declare, and a declared one
    rid = ev(
        ds.local(2026, 9, 15, 11),
        "export",
        actor_id="svc-bi",
        role="system",
        purpose="profiling",
        details={"fields": ["email", "city"], "rows": 1840},
    )
    ds.plant("PUR-1", rid, "bulk export logged for purpose profiling, not in the policy")
    rid = ev(
        ds.local(2026, 9, 15, 12),
        "export",
        actor_id="svc-bi",
        role="system",
        purpose=" Analytics ",
        details={"fields": ["city"], "rows": 1840},
    )
    ds.near_miss("PUR-1", rid, "export for analytics (declared), logged with spaces and capitals")
    _cookie_plants(plan)


def _cookie_plants(plan: LogPlan) -> None:
    """Plant the cookie violations and near misses in the app log."""
    ds, ev, ck = plan.ds, plan.event, plan.cookie
    t = ds.local(2026, 10, 2, 20)
    s = "ses-c1"  # consented anonymous session with unregistered third parties
    ev(
        t,
        "consent.grant",
        session=s,
        purpose="analytics",
        details={"scope": "analytics", "source": "cookie_banner"},
    )
    ev(
        t,
        "consent.grant",
        session=s,
        purpose="advertising",
        details={"scope": "advertising", "source": "cookie_banner"},
    )
    ck(t, "wgp_ab", s, max_age=2592000)
    ck(t, "_ym_uid", s, domain=".yandex.ru", max_age=31536000)
    plan.ds.plant("COOK-3", "wgp_ab@.wgp.kz", "first-party cookie not in the inventory")
    plan.ds.plant("COOK-3", "_ym_uid@.yandex.ru", "third-party cookie not in the inventory")
    plan.ds.plant("COOK-4", "yandex.ru", "cookie domain of an unregistered third party")
    ck(t, "wgp_lang", s, domain="WGP.KZ")
    plan.ds.near_miss("COOK-3", "wgp_lang@wgp.kz", "inventory domain written without the dot")
    plan.ds.near_miss("COOK-4", "adreach.kz", "ad platform registered as a recipient")
    ev(
        t + dt.timedelta(seconds=2),
        "pixel.fire",
        session=s,
        purpose="analytics",
        details={"vendor": "Yandex Metrica", "domain": "mc.yandex.ru"},
        tags=(_hit("DIS-11", True, "pixel to a third party with no recipients row"),),
    )
    ev(
        t + dt.timedelta(seconds=3),
        "pixel.fire",
        session=s,
        purpose="advertising",
        details={"vendor": "AdReach Kazakhstan", "domain": "px.adreach.kz"},
        tags=(_hit("DIS-11", False, "registered ad platform after consent"),),
    )
    ev(
        t + dt.timedelta(seconds=4),
        "pixel.fire",
        session=s,
        purpose="analytics",
        details={"vendor": "WGP stats", "domain": "stats.wgp.kz"},
        tags=(_hit("DIS-11", False, "first-party collector"),),
    )
    # COOK-5: the session cookie once sent without HttpOnly
    ck(ds.local(2026, 10, 5, 9), "wgp_session", "ses-c2", http_only=False)
    plan.ds.plant("COOK-5", "wgp_session@.wgp.kz", "session cookie set without HttpOnly")
    plan.ds.near_miss("COOK-5", "wgp_lang@.wgp.kz", "language cookie read by scripts: not auth")
    # COOK-1 / COOK-2 observed: lifetimes set against the inventory (plants/cookies.py)
    t = ds.local(2026, 10, 7, 15)
    s = "ses-c7"
    ck(t, "wgp_checkout", s, max_age=1800, http_only=True)
    plan.ds.plant("COOK-1", "wgp_checkout@.wgp.kz", "session cookie set with Max-Age 1800")
    ck(t, "wgp_cart", s, max_age=None, http_only=True)
    ck(t + dt.timedelta(minutes=20), "wgp_session", s, max_age=0)
    plan.ds.near_miss("COOK-1", "wgp_session@.wgp.kz", "session cookie deleted by Max-Age 0")
    ck(t, "wgp_recent", s, max_age=90 * 86400)
    plan.ds.plant("COOK-2", "wgp_recent@.wgp.kz", "set for 90 days, declared 30")
    ck(t, "wgp_theme", s, max_age=30 * 86400)
    ck(t, "wgp_device", s, max_age=None)
    plan.ds.near_miss("COOK-2", "wgp_lang@.wgp.kz", "set for exactly the declared 365 days")
    # COOK-6 / DIS-11: non-essential cookie and pixel before consent
    t = ds.local(2026, 10, 9, 21)
    s = "ses-c3"
    ck(t, "_wgp_an", s, tags=(_hit("COOK-6", True, "analytics cookie 5 s before the consent"),))
    ev(
        t + dt.timedelta(seconds=5),
        "consent.grant",
        session=s,
        purpose="analytics",
        details={"scope": "analytics", "source": "cookie_banner"},
    )
    s = "ses-c4"
    ck(t, "_wgp_ads", s, tags=(_hit("COOK-6", True, "advertising cookie with no consent"),))
    ev(
        t + dt.timedelta(seconds=1),
        "pixel.fire",
        session=s,
        purpose="advertising",
        details={"vendor": "AdReach Kazakhstan", "domain": "px.adreach.kz"},
        tags=(_hit("DIS-11", True, "ad pixel fired with no consent in the session"),),
    )
    s = "ses-c5"
    ev(
        t,
        "consent.grant",
        session=s,
        purpose="advertising",
        details={"scope": "advertising", "source": "cookie_banner"},
    )
    ck(t, "_wgp_ads", s, tags=(_hit("COOK-6", False, "set in the same second, after consent"),))
    member = next(
        c
        for c in ds.rows("consents")
        if c["scope"] == "analytics"
        and c["valid_until"] is None
        and c["given_at"] < ds.local(2024, 1, 1)
        and not ds.find("consent_withdrawals", consent_id=c["consent_id"])
        and ds.find("users", user_id=c["user_id"], status="active")
    )
    ck(
        t,
        "_wgp_an",
        "ses-c6",
        user_id=member["user_id"],
        tags=(_hit("COOK-6", False, "user's analytics consent from an earlier visit"),),
    )
