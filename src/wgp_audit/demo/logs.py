"""Demo web and app logs: vectorised background traffic plus planted lines, near-misses and noise.

Web: nginx combined, weekly rotation over the 28 days before the audit date (`access.log`,
`access.log.1`, `access.log.2.gz`, `access.log.3.gz`). App: JSON Lines over the 420 days before
it (`events.jsonl`, `events.jsonl.1.gz`, `events.jsonl.2.gz`; the oldest file outlives the
365-day app-log retention on purpose). Plants are recorded in the dataset's manifest, with web
keys `<file>:<line>` known only once lines are placed; noise lines go to `logs/noise.json`.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo import traffic
from wgp_audit.demo.dataset import Dataset
from wgp_audit.demo.logplants import plant_app, plant_web

DAY = 86400
WEB_FILES = ("access.log.3.gz", "access.log.2.gz", "access.log.1", "access.log")
APP_FILES = (("events.jsonl.2.gz", 420), ("events.jsonl.1.gz", 366), ("events.jsonl", 60))
COOKIES = {  # name -> (domain, max_age, secure, http_only)
    "wgp_session": (".wgp.kz", None, True, True),
    "wgp_lang": (".wgp.kz", 31536000, True, False),
    "wgp_consent": (".wgp.kz", 31536000, True, False),
    "_wgp_an": (".wgp.kz", 34128000, True, False),
    "_wgp_ads": (".wgp.kz", 7776000, True, False),
    "_adr_uid": (".adreach.kz", 7776000, True, False),
}
Tag = tuple[str, bool, str, str | None]  # requirement, expected, note, fixed key (None: file:line)


def epoch(t: dt.datetime) -> int:
    """Whole epoch seconds of an aware datetime."""
    return int(t.timestamp())


class LogPlan:
    """Lines to add on top of the background, each with its manifest tags."""

    def __init__(self, ds: Dataset, wd: WorkingDays) -> None:
        self.ds, self.wd = ds, wd
        self.end = epoch(ds.as_of)
        self.web: list[tuple[int, str, list[Tag]]] = []
        self.app: list[tuple[int, str, list[Tag]]] = []
        self.web_excluded: list[tuple[int, int]] = []
        self.noise: list[tuple[str, int, str, bool]] = []  # kind, ts, text, rejected
        self.skip_consents: set[str] = set()
        self.skip_disclosures: set[str] = set()
        self.destruction_tags: dict[str, tuple[Tag, ...]] = {}
        self._req = 0
        self.log_lines = 0
        # users outside `ds` (the streamed bulk): who may act when, and their mirrored app events
        self.bulk_users: tuple[list[str], list[int], list[int]] = ([], [], [])
        self.bulk_events: list[pl.DataFrame] = []

    def request_id(self) -> str:
        """The next planted-event request id."""
        self._req += 1
        return f"req-s{self._req:07d}"

    def web_line(
        self,
        t: dt.datetime,
        ip: str,
        request: str,
        status: int,
        size: int,
        *,
        user: str = "-",
        referer: str = "-",
        ua: str = traffic.BROWSERS[0],
        tags: tuple[Tag, ...] = (),
    ) -> None:
        """Add one combined-format line at instant t (written in UTC+5)."""
        local = t.astimezone(dt.timezone(dt.timedelta(hours=5)))
        text = (
            f'{ip} - {user} [{local:%d/%b/%Y:%H:%M:%S} +0500] "{request}" {status} {size} "{referer}" "{ua}"'
        )
        self.web.append((epoch(t), text, list(tags)))

    def event(
        self,
        t: dt.datetime,
        event: str,
        *,
        user_id: str | None = None,
        session: str | None = None,
        actor_id: str | None = None,
        role: str = "user",
        ip: str | None = None,
        purpose: str | None = None,
        details: dict[str, Any] | None = None,
        tags: tuple[Tag, ...] = (),
        request_id: str | None = None,
    ) -> str:
        """Add one app event; returns its request id."""
        rid = request_id or self.request_id()
        obj = {
            "ts": t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "event": event,
            "user_id": user_id,
            "session_id": session,
            "actor_id": actor_id or (user_id if role == "user" else None),
            "actor_role": role,
            "ip": ip,
            "request_id": rid,
            "purpose": purpose,
            "details": details,
        }
        self.app.append(
            (
                epoch(t),
                json.dumps(obj, separators=(",", ":"), ensure_ascii=False),
                [(r, e, n, f or rid) for r, e, n, f in tags],
            )
        )
        return rid

    def cookie(
        self,
        t: dt.datetime,
        name: str,
        session: str,
        *,
        user_id: str | None = None,
        ip: str | None = None,
        tags: tuple[Tag, ...] = (),
        **override: Any,
    ) -> str:
        """A cookie.set event with the inventory's attributes unless overridden."""
        domain, max_age, secure, http_only = COOKIES.get(name, (".wgp.kz", 86400, True, False))
        details = {
            "name": name,
            "domain": domain,
            "max_age": max_age,
            "expires": None,
            "secure": secure,
            "http_only": http_only,
            **override,
        }
        return self.event(
            t,
            "cookie.set",
            user_id=user_id,
            session=session,
            ip=ip,
            purpose="account",
            details=details,
            tags=tags,
        )


def _alive(ds: Dataset) -> tuple[list[str], list[int], list[int]]:
    """Users with the epoch-second span in which they may act (created until closed/destroyed)."""
    destroyed: dict[str, dt.datetime] = {}
    for r in ds.rows("destruction_records"):
        if r["user_id"] and r["destroyed_at"]:
            destroyed[r["user_id"]] = min(r["destroyed_at"], destroyed.get(r["user_id"], r["destroyed_at"]))
    start = epoch(ds.as_of) - APP_FILES[0][1] * DAY
    ids, lo, hi = [], [], []
    for u in ds.rows("users"):
        ends = [t for t in (u.get("closed_at"), destroyed.get(u["user_id"])) if t is not None]
        a = max(start, epoch(u["created_at"]) + 60) if u.get("created_at") else start
        b = min([epoch(ds.as_of), *(epoch(t) - 60 for t in ends)])
        if u.get("status") == "destroyed" and u["user_id"] not in destroyed:
            continue
        if b - a > 3600:
            ids.append(u["user_id"])
            lo.append(a)
            hi.append(b)
    return ids, lo, hi


_EXTRA = {"ts": pl.Int64, "line": pl.String, "tag": pl.Int64}


def _extras(extra: list[tuple[int, str, list[Tag]]], more: Sequence[pl.DataFrame] = ()) -> pl.DataFrame:
    """Planted lines (tag: their index in `extra`) and untagged extra frames, sorted by time (stable)."""
    planted = pl.DataFrame(
        {"ts": [e[0] for e in extra], "line": [e[1] for e in extra], "tag": list(range(len(extra)))},
        schema=_EXTRA,
    )
    untagged = [f.select("ts", "line").with_columns(tag=pl.lit(None, pl.Int64)) for f in more]
    return pl.concat([planted, *untagged]).sort("ts", maintain_order=True)


class _FileWriter:
    """One log file written window by window: numbers its lines, records tagged ones."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.raw = path.open("wb")
        self.fh = (
            gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, compresslevel=1, mtime=0)
            if path.suffix == ".gz"
            else self.raw
        )
        self.lines = 0

    def write(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Append the frame's lines; return its tagged rows as (i: line number, line, tag)."""
        step = 500_000
        for i in range(0, frame.height, step):
            chunk = frame["line"].slice(i, step).str.join("\n").item()
            self.fh.write((chunk + "\n").encode("utf-8"))
        tagged = (
            frame.with_row_index("i", offset=self.lines + 1)
            .filter(pl.col("tag").is_not_null())
            .select("i", "line", "tag")
        )
        self.lines += frame.height
        return tagged

    def close(self, tail: str | None = None) -> None:
        """Write the unterminated tail line, if any, and close."""
        try:
            if tail is not None:
                self.fh.write(tail.encode("utf-8"))
        finally:
            self.fh.close()
            if self.fh is not self.raw:
                self.raw.close()


def _slice(frame: pl.DataFrame, lo: int, hi: int) -> pl.DataFrame:
    """The rows of a ts-sorted frame with lo <= ts < hi."""
    ts = frame["ts"]
    a = int(ts.search_sorted(lo, side="left"))
    b = int(ts.search_sorted(hi, side="left"))
    return frame.slice(a, b - a)


def _record(ds: Dataset, tags: list[Tag], key: str) -> None:
    """Record each tagged log line in the manifest as a plant or a near miss."""
    for req, expected, note, fixed in tags:
        (ds.plant if expected else ds.near_miss)(req, fixed or key, note)


def plan_logs(ds: Dataset, log_lines: int, wd: WorkingDays) -> LogPlan:
    """Plan the logs' plants (adding their users and the inventory cookie to the dataset)."""
    if log_lines < 10_000:
        from wgp_audit.errors import ParameterError

        raise ParameterError(
            f"log_lines = {log_lines} is too few for the demo logs",
            hint="ask for at least 10000 web lines (or 0 for no logs)",
        )
    add_inventory(ds)
    plan = LogPlan(ds, wd)
    plan.log_lines = log_lines
    plant_web(plan)
    plant_app(plan)
    sessions(plan)
    app_semantics(plan)
    return plan


def absorb(plan: LogPlan, chunk: Dataset) -> None:
    """Take in a chunk of bulk users (not kept): when they may act, and their mirrored app events."""
    ids, lo, hi = _alive(chunk)
    plan.bulk_users[0].extend(ids)
    plan.bulk_users[1].extend(lo)
    plan.bulk_users[2].extend(hi)
    sub = LogPlan(chunk, plan.wd)
    sub._req = plan._req
    mirror_events(sub)
    plan._req = sub._req
    if sub.app:
        plan.bulk_events.append(
            pl.DataFrame(
                {"ts": [e[0] for e in sub.app], "line": [e[1] for e in sub.app]},
                schema={"ts": pl.Int64, "line": pl.String},
            )
        )


def write_logs(plan: LogPlan, out: Path) -> Path:
    """Write logs/web and logs/app hour by hour (adding their plants to the dataset's manifest).

    Memory stays bounded by one window of lines, whatever `log_lines` is.
    """
    ds = plan.ds
    rnd = traffic.Rand(ds.seed)
    rng = random.Random(ds.seed)
    end = plan.end
    web_start = end - 28 * DAY
    # the monitor checks every ten minutes, outside the excluded (outage) windows
    mon = pl.Series(
        "ts",
        [
            t
            for t in range(web_start + 600 - web_start % 600, end, 600)
            if not any(a <= t <= b for a, b in plan.web_excluded)
        ],
        dtype=pl.Int64,
    )
    web_noise = [n for n in plan.noise if n[0] != "app_truncated"]
    n_bg = plan.log_lines - mon.len() - len(plan.web) - len(web_noise) - 1  # 1: the truncated tail
    if n_bg < 1000:
        from wgp_audit.errors import ParameterError

        raise ParameterError(
            f"log_lines = {plan.log_lines} leaves no room for background traffic",
            hint="ask for at least 10000 web lines",
        )
    hours = traffic.hourly_counts(n_bg, web_start, end, plan.web_excluded)
    clients = pl.Series(traffic.client_pool(rng))
    monitor = traffic.monitor_lines(mon)
    extra = plan.web + [(t, text, []) for _, t, text, _ in web_noise]
    extras = _extras(extra)
    noise_lines = {text: (kind, rejected) for kind, _, text, rejected in web_noise}
    web_dir = out / "web"
    web_dir.mkdir(parents=True, exist_ok=True)
    noise_out: list[dict[str, Any]] = []
    for i, name in enumerate(WEB_FILES):
        lo_f, hi_f = web_start + 7 * i * DAY, web_start + 7 * (i + 1) * DAY
        if name == WEB_FILES[-1]:
            hi_f = end + 1
        out_file = _FileWriter(web_dir / name)
        for lo, hi, count in hours:
            if not lo_f <= lo < hi_f:
                continue
            top = hi_f if hi >= end else hi  # the last hour takes what is planted at `end`
            ts = traffic.window_seconds(rnd, count, lo, hi, plan.web_excluded)
            frame = pl.concat(
                [
                    traffic.web_lines(rnd, clients, ts).with_columns(tag=pl.lit(None, pl.Int64)),
                    _slice(monitor, lo, top).with_columns(tag=pl.lit(None, pl.Int64)),
                    _slice(extras, lo, top),
                ]
            ).sort("ts", maintain_order=True)
            for n, line, tag in out_file.write(frame).iter_rows():
                if tag < len(plan.web):
                    _record(ds, plan.web[tag][2], f"{name}:{n}")
                elif line in noise_lines:
                    kind, rejected = noise_lines[line]
                    noise_out.append(
                        {"log": "web", "file": name, "line_no": n, "kind": kind, "rejected": rejected}
                    )
        tail = None
        if name == "access.log":
            tail = (
                f'{traffic.KZ_V4[0]}.77.12 - - [31/Oct/2026:22:59:59 +0500] "GET /catalog/tv '
                f'HTTP/2.0" 200 30301 "https://www.wgp.kz/" "Mozilla/5.0 (Linux; Andr'
            )
            noise_out.append(
                {
                    "log": "web",
                    "file": name,
                    "line_no": out_file.lines + 1,
                    "kind": "truncated last line",
                    "rejected": True,
                }
            )
        out_file.close(tail)
    _write_app(plan, out / "app", rnd, rng, noise_out)
    (out / "noise.json").write_text(json.dumps(noise_out, indent=1) + "\n", encoding="utf-8")
    return out


def _write_app(
    plan: LogPlan,
    folder: Path,
    rnd: traffic.Rand,
    rng: random.Random,
    noise_out: list[dict[str, Any]],
) -> None:
    """Write the app event log (plants and background traffic) into the folder."""
    ds = plan.ds
    users, lo, hi = _alive(ds)
    users, lo, hi = users + plan.bulk_users[0], lo + plan.bulk_users[1], hi + plan.bulk_users[2]
    ips = pl.Series(traffic.client_pool(rng, 2000))
    draws = traffic.app_draws(rnd, max(3000, plan.log_lines // 10), lo, hi)
    user_ids = pl.Series(users, dtype=pl.String)
    del users, lo, hi
    extras = _extras(plan.app, plan.bulk_events)
    plan.bulk_events = []
    folder.mkdir(parents=True, exist_ok=True)
    end = plan.end
    for i, (name, days) in enumerate(APP_FILES):
        lo_f = end - days * DAY
        hi_f = end - APP_FILES[i + 1][1] * DAY if i + 1 < len(APP_FILES) else end + 1
        out_file = _FileWriter(folder / name)
        for lo_w in range(lo_f, hi_f, DAY):
            hi_w = min(lo_w + DAY, hi_f)
            frame = pl.concat(
                [
                    traffic.app_lines(_slice(draws, lo_w, hi_w), user_ids, ips).with_columns(
                        tag=pl.lit(None, pl.Int64)
                    ),
                    _slice(extras, lo_w, hi_w),
                ]
            ).sort("ts", maintain_order=True)
            for n, _, tag in out_file.write(frame).iter_rows():
                _record(ds, plan.app[tag][2], f"{name}:{n}")
        tail = None
        if name == "events.jsonl":
            tail = (
                '{"ts":"2026-10-31T17:59:59Z","event":"page_view","user_id":"usr-000001",'
                '"session_id":"ses-tail","actor_id":"usr-000001","actor_role":"user","ip":"95.'
            )
            noise_out.append(
                {
                    "log": "app",
                    "file": name,
                    "line_no": out_file.lines + 1,
                    "kind": "truncated last line",
                    "rejected": True,
                }
            )
        out_file.close(tail)


def sessions(plan: LogPlan) -> None:
    """Browsing sessions over the last 90 days: cookies only after the consent they need."""
    ds = plan.ds
    rng = ds.rng
    valid: dict[str, set[str]] = {}
    withdrawn = {w["consent_id"] for w in ds.rows("consent_withdrawals")}
    for c in ds.rows("consents"):
        if (
            c["scope"] in ("analytics", "advertising")
            and c["valid_until"] is None
            and c["consent_id"] not in withdrawn
            and c["given_at"] is not None
        ):
            valid.setdefault(c["user_id"], set()).add(c["scope"])
    users = [
        u
        for u in ds.rows("users")
        if u["status"] == "active"
        and u.get("created_at")
        and u["created_at"] < ds.as_of - dt.timedelta(days=120)
        and u.get("email")
    ]
    for n in range(300):
        t = ds.between(ds.as_of - dt.timedelta(days=90), ds.as_of - dt.timedelta(hours=2))
        sid = f"ses-w{n:05d}"
        ip = f"{rng.choice(traffic.KZ_V4)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        if n % 5 < 3:
            u = rng.choice(users)
            uid = u["user_id"]
            plan.event(
                t,
                "login",
                user_id=uid,
                session=sid,
                ip=ip,
                purpose="account",
                details={"method": "password", "result": "ok"},
            )
            scopes = valid.get(uid, set())
        else:
            uid = None
            scopes = set() if n % 2 else {"analytics", "advertising"}
        plan.cookie(t, "wgp_session", sid, user_id=uid, ip=ip)
        plan.cookie(t, "wgp_lang", sid, user_id=uid, ip=ip)
        t2 = t + dt.timedelta(seconds=rng.randrange(5, 120))
        if uid is None and scopes:
            for scope in sorted(scopes):
                plan.event(
                    t2,
                    "consent.grant",
                    session=sid,
                    ip=ip,
                    purpose=scope,
                    details={"scope": scope, "source": "cookie_banner"},
                )
            plan.cookie(t2, "wgp_consent", sid, ip=ip)
        if "analytics" in scopes:
            plan.cookie(t2, "_wgp_an", sid, user_id=uid, ip=ip)
        if "advertising" in scopes:
            plan.cookie(t2, "_wgp_ads", sid, user_id=uid, ip=ip)
            plan.cookie(t2, "_adr_uid", sid, user_id=uid, ip=ip)
            plan.event(
                t2 + dt.timedelta(seconds=1),
                "pixel.fire",
                user_id=uid,
                session=sid,
                ip=ip,
                purpose="advertising",
                details={"vendor": "AdReach Kazakhstan", "domain": "px.adreach.kz"},
            )


def app_semantics(plan: LogPlan) -> None:
    """Events mirroring the database, and support staff reading profiles."""
    mirror_events(plan)
    support_reads(plan)


def mirror_events(plan: LogPlan) -> None:
    """Events mirroring the database: consents, withdrawals, disclosures, deletions."""
    ds = plan.ds
    start = ds.as_of - dt.timedelta(days=APP_FILES[0][1])
    skip = plan.skip_consents
    for c in ds.rows("consents"):
        if c["given_at"] is None or not start <= c["given_at"] < ds.as_of or c["consent_id"] in skip:
            continue
        plan.event(
            c["given_at"],
            "consent.grant",
            user_id=c["user_id"],
            session=f"ses-{c['consent_id']}",
            purpose=c["scope"],
            details={"consent_id": c["consent_id"], "scope": c["scope"], "method": c["method"]},
        )
    for w in ds.rows("consent_withdrawals"):
        if w["received_at"] is not None and start <= w["received_at"] < ds.as_of:
            plan.event(
                w["received_at"],
                "consent.withdraw",
                user_id=w["user_id"],
                purpose=w["scope"],
                details={"consent_id": w["consent_id"], "scope": w["scope"]},
            )
    skip_d = plan.skip_disclosures
    for d in ds.rows("disclosures"):
        if (
            d["disclosed_at"] is None
            or not start <= d["disclosed_at"] < ds.as_of
            or d["disclosure_id"] in skip_d
        ):
            continue
        plan.event(
            d["disclosed_at"],
            "export",
            actor_id="svc-export",
            role="system",
            purpose=d["purpose_code"],
            details={
                "disclosure_id": d["disclosure_id"],
                "recipient_id": d["recipient_id"],
                "fields": d["fields"],
                "record_count": d["record_count"],
            },
        )
    for r in ds.rows("destruction_records"):
        if r["destroyed_at"] is not None and start <= r["destroyed_at"] < ds.as_of:
            plan.event(
                r["destroyed_at"],
                "account.delete",
                user_id=r["user_id"],
                actor_id="svc-retention",
                role="system",
                purpose="account",
                details={
                    "destruction_id": r["destruction_id"],
                    "store_id": r["store_id"],
                    "reason": r["reason"],
                },
                tags=plan.destruction_tags.get(r["destruction_id"], ()),
            )


def support_reads(plan: LogPlan) -> None:
    """Support staff reading the profiles of 200 users while their accounts exist."""
    ds = plan.ds
    users, lo, hi = _alive(ds)
    for i in range(200):
        k = ds.rng.randrange(len(users))
        t = dt.datetime.fromtimestamp(ds.rng.randrange(int(lo[k]), int(hi[k])), dt.UTC)
        plan.event(
            t,
            "profile.read",
            user_id=users[k],
            actor_id=f"emp-{12 + i % 4:04d}",
            role="support",
            ip=traffic.OFFICE_IP,
            purpose="customer_service",
            details={"fields": ["full_name", "phone"], "ticket": f"tkt-{i:06d}"},
        )


def add_inventory(ds: Dataset) -> None:
    """The ad platform's cookie, declared in the inventory (COOK-3/4 near-miss)."""
    ds.add(
        "cookies",
        name="_adr_uid",
        domain=".adreach.kz",
        kind="persistent",
        declared_max_age_days=90,
        purpose_code="advertising",
        essential=False,
    )
