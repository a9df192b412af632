"""Vectorised background traffic for the demo logs: millions of compliant lines in seconds.

Nothing here is planted: background lines carry no personal data in URLs or details, admin
pages are reached only from the office's Kazakh address, and users act only while they exist.
"""

from __future__ import annotations

import random
from typing import Final

import polars as pl

# Client addresses drawn from the ranges of sql/seeds/ip_ranges.csv.
KZ_V4 = (
    "95.56",
    "95.57",
    "95.58",
    "95.59",
    "2.132",
    "2.133",
    "2.134",
    "2.135",
    "37.150",
    "37.151",
    "92.46",
    "178.88",
    "178.89",
    "178.90",
    "178.91",
)
KZ_V6 = ("2a03:32c0", "2a03:32c1", "2a03:32c5")
BOTS = (
    ("66.249.66.", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    ("5.255.231.", "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"),
    ("40.77.167.", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"),
)
OFFICE_IP = "92.47.12.10"
MONITOR_IP = "10.0.0.2"
MONITOR_UA = "Zabbix 6.0"
BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/129.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/129.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/129.0.0.0 YaBrowser/24.10.0 Safari/537.36",
)
CATEGORIES = ("phones", "laptops", "tv", "appliances", "kids", "sport", "books", "garden")
WORDS = ("samsung", "iphone", "chainik", "pylesos", "noutbuk", "naushniki", "kovyor", "velosiped")
REFERERS = (
    "-",
    "-",
    "-",
    "https://www.wgp.kz/",
    "https://www.wgp.kz/catalog",
    "https://www.google.com/",
    "https://yandex.kz/",
    "https://www.wgp.kz/account",
)
# Share of traffic per local hour 0..23 (a night trough, evening peak).
HOURLY = (2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 9, 10, 10, 9, 6, 4)
_M32 = 1 << 32


def _mix(x: pl.Expr) -> pl.Expr:
    """murmur3's 32-bit finaliser: every product stays below 2**64, so UInt64 never wraps."""
    x = x.xor(x // 65536)
    x = (x * 0x85EBCA6B) & (_M32 - 1)
    x = x.xor(x // 8192)
    x = (x * 0xC2B2AE35) & (_M32 - 1)
    return x.xor(x // 65536)


class Rand:
    """Seeded vectorised random numbers on polars (no numpy): counter-based, so deterministic."""

    def __init__(self, seed: int) -> None:
        self.seed = seed % _M32
        self.stream = 0

    def u32(self, n: int) -> pl.Series:
        """n pseudo-random integers in [0, 2**32)."""
        self.stream += 1
        key = (self.seed * 0x9E3779B1 + self.stream * 0x85EBCA77) % _M32  # a Python int
        i = pl.int_range(0, n, dtype=pl.UInt64, eager=True)
        return pl.select(_mix(pl.lit(i).xor(key))).to_series()

    def integers(self, lo: int, hi: int, n: int) -> pl.Series:
        """n integers in [lo, hi) (Int64)."""
        return (self.u32(n) * (hi - lo) // _M32).cast(pl.Int64) + lo

    def random(self, n: int) -> pl.Series:
        """n floats in [0, 1)."""
        return self.u32(n).cast(pl.Float64) / _M32

    def choice(self, weights: tuple[float, ...], n: int) -> pl.Series:
        """n indices into weights, drawn in proportion to them."""
        total = sum(weights)
        cum, acc = [], 0.0
        for w in weights[:-1]:
            acc += w / total
            cum.append(acc)
        return pl.Series(cum, dtype=pl.Float64).search_sorted(self.random(n), side="right").cast(pl.Int64)


def client_pool(rng: random.Random, n: int = 4000) -> list[str]:
    """Kazakh IPv4 and IPv6 client addresses (one in eight IPv6)."""
    out = []
    for i in range(n):
        if i % 8 == 7:
            p = rng.choice(KZ_V6)
            out.append(
                f"{p}:{rng.randrange(1, 0xFFFF):x}:{rng.randrange(1, 0xFFFF):x}::{rng.randrange(1, 0xFFFF):x}"
            )
        else:
            out.append(f"{rng.choice(KZ_V4)}.{rng.randrange(256)}.{rng.randrange(1, 255)}")
    return out


def request_pool() -> list[tuple[str, int]]:
    """Request lines with a typical response size; no personal data in any target."""
    reqs: list[tuple[str, int]] = [
        ("GET / HTTP/1.1", 48211),
        ("GET /catalog HTTP/1.1", 35120),
        ("GET /favicon.ico HTTP/1.1", 1150),
        ("GET /robots.txt HTTP/1.1", 120),
        ("GET /static/app.3f9c2a.js HTTP/2.0", 210334),
        ("GET /static/app.3f9c2a.css HTTP/2.0", 40211),
        ("GET /account HTTP/2.0", 18022),
        ("GET /account/orders HTTP/2.0", 22410),
        ("POST /login HTTP/2.0", 512),
        ("GET /logout HTTP/2.0", 0),
        ("POST /api/cart HTTP/2.0", 311),
        ("GET /api/cart HTTP/2.0", 902),
        ("GET /privacy HTTP/1.1", 30110),
        ("GET /delivery HTTP/1.1", 12001),
        ("GET /admin/orders HTTP/2.0", 7001),
    ]
    reqs += [(f"GET /catalog/{c} HTTP/2.0", 30000 + 97 * i) for i, c in enumerate(CATEGORIES)]
    reqs += [(f"GET /product/{10000 + 37 * i} HTTP/2.0", 25000 + 13 * i) for i in range(120)]
    reqs += [(f"GET /search?q={w}&page={p} HTTP/2.0", 28000 + p) for w in WORDS for p in (1, 2)]
    return reqs


def hourly_counts(
    n: int, start: int, end: int, excluded: list[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """n lines shared out over the hours of [start, end): (lo, hi, count) following HOURLY in UTC+5.

    An hour's share is its HOURLY weight times the seconds of it outside every excluded [a, b];
    the counts are rounded by largest remainder, so they add up to n exactly.
    """
    hours = []
    for lo in range(start, end, 3600):
        hi = min(lo + 3600, end)
        free = hi - lo
        for a, b in excluded:
            free -= max(0, min(hi, b + 1) - max(lo, a))
        hours.append((lo, hi, HOURLY[((lo + 5 * 3600) // 3600) % 24] * max(free, 0)))
    total = sum(w for _, _, w in hours) or 1
    exact = [n * w / total for _, _, w in hours]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(hours)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return [(lo, hi, c) for (lo, hi, _), c in zip(hours, counts, strict=True)]


def window_seconds(rnd: Rand, n: int, lo: int, hi: int, excluded: list[tuple[int, int]]) -> pl.Series:
    """n sorted epoch seconds drawn uniformly from [lo, hi), none in an excluded [a, b]."""
    parts: list[pl.Series] = []
    have = 0
    while have < n:
        k = int((n - have) * 1.2) + 16
        t = rnd.integers(lo, hi, k)
        for a, b in excluded:
            if a < hi and b >= lo:
                t = t.filter((t < a) | (t > b))
        parts.append(t)
        have += t.len()
    if not parts:
        return pl.Series("ts", [], dtype=pl.Int64)
    return pl.concat(parts).head(n).sort()


def web_lines(rnd: Rand, clients: pl.Series, ts: pl.Series) -> pl.DataFrame:
    """Background combined-format lines for the given epoch seconds: columns ts, line.

    `clients` is the address pool (`client_pool`). Admin pages are asked for only from the
    office's address; everyone else gets a 403.
    """
    n = ts.len()
    reqs = request_pool()
    who = rnd.integers(0, clients.len(), n)
    bot = rnd.random(n) < 0.08
    bot_kind = rnd.integers(0, len(BOTS), n)
    bot_ip = pl.Series([b[0] for b in BOTS]).gather(bot_kind) + rnd.integers(1, 250, n).cast(pl.String)
    r = rnd.integers(0, len(reqs), n)
    admin = pl.Series([q.startswith("GET /admin") for q, _ in reqs]).gather(r)
    status = pl.Series([200, 304, 302, 404, 500]).gather(rnd.choice((0.86, 0.06, 0.04, 0.039, 0.001), n))
    size = pl.Series([s for _, s in reqs]).gather(r) + rnd.integers(0, 400, n)
    df = pl.DataFrame(
        {
            "ts": ts,
            "bot": bot,
            "admin": admin,
            "bot_ip": bot_ip,
            "client": clients.gather(who),
            "status": status,
            "size": size,
            "bot_ua": pl.Series([b[1] for b in BOTS]).gather(bot_kind),
            "browser": pl.Series(BROWSERS).gather(who % len(BROWSERS)),
            "req": pl.Series([q for q, _ in reqs]).gather(r),
            "ref": pl.Series(REFERERS).gather(rnd.integers(0, len(REFERERS), n)),
        }
    )
    ip = pl.when("admin").then(pl.lit(OFFICE_IP)).when("bot").then("bot_ip").otherwise("client")
    ua = pl.when(pl.col("bot") & ~pl.col("admin")).then("bot_ua").otherwise("browser")
    size_out = pl.when(pl.col("status") == 304).then(0).otherwise("size")
    stamp = pl.from_epoch(pl.col("ts") + 5 * 3600, time_unit="s").dt.strftime("%d/%b/%Y:%H:%M:%S +0500")
    return df.select(
        "ts",
        pl.concat_str(
            [
                ip,
                pl.lit(" - - ["),
                stamp,
                pl.lit('] "'),
                "req",
                pl.lit('" '),
                pl.col("status").cast(pl.String),
                pl.lit(" "),
                size_out.cast(pl.String),
                pl.lit(' "'),
                "ref",
                pl.lit('" "'),
                ua,
                pl.lit('"'),
            ]
        ).alias("line"),
    )


def monitor_lines(ts: pl.Series) -> pl.DataFrame:
    """The internal uptime monitor's health checks (every ten minutes)."""
    stamp = pl.from_epoch(pl.col("ts") + 5 * 3600, time_unit="s").dt.strftime("%d/%b/%Y:%H:%M:%S +0500")
    return pl.DataFrame({"ts": ts}).select(
        "ts",
        pl.concat_str(
            [
                pl.lit(f"{MONITOR_IP} - - ["),
                stamp,
                pl.lit(f'] "GET /healthz HTTP/1.1" 200 2 "-" "{MONITOR_UA}"'),
            ]
        ).alias("line"),
    )


APP_PAGES: Final = (
    "/",
    "/catalog",
    "/account",
    "/account/orders",
    "/delivery",
    *(f"/catalog/{c}" for c in CATEGORIES),
    *(f"/product/{10000 + 37 * i}" for i in range(40)),
)


def app_draws(rnd: Rand, n: int, lo: list[int], hi: list[int]) -> pl.DataFrame:
    """Background page views as numbers, sorted by time: columns ts, pick (user), req, page.

    Each view picks a user uniformly and an instant in that user's [lo, hi) span; `req` is the
    view's draw order (its request id), so rendering slices of the sorted frame is deterministic.
    """
    pick = rnd.integers(0, len(lo), n)
    lo_s, hi_s = pl.Series(lo, dtype=pl.Int64).gather(pick), pl.Series(hi, dtype=pl.Int64).gather(pick)
    ts = lo_s + (rnd.random(n) * (hi_s - lo_s)).cast(pl.Int64)
    page = rnd.integers(0, len(APP_PAGES), n).cast(pl.Int32)
    frame = pl.DataFrame({"ts": ts, "pick": pick.cast(pl.Int32), "page": page})
    return frame.with_row_index("req").sort("ts", maintain_order=True)


def app_lines(draws: pl.DataFrame, users: pl.Series, ips: pl.Series) -> pl.DataFrame:
    """Background page_view events rendered from `app_draws` rows: columns ts, line."""
    pick = draws["pick"]
    df = pl.DataFrame(
        {
            "ts": draws["ts"],
            "user": users.gather(pick),
            "session": pick.cast(pl.String) + "-" + ((draws["ts"] + 5 * 3600) // 86400).cast(pl.String),
            "ip": ips.gather(pick % ips.len()),
            "req": draws["req"].cast(pl.String),
            "page": pl.Series(APP_PAGES).gather(draws["page"]),
        }
    )
    stamp = pl.from_epoch("ts", time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return df.select(
        "ts",
        pl.concat_str(
            [
                pl.lit('{"ts":"'),
                stamp,
                pl.lit('","event":"page_view","user_id":"'),
                "user",
                pl.lit('","session_id":"ses-'),
                "session",
                pl.lit('","actor_id":"'),
                "user",
                pl.lit('","actor_role":"user","ip":"'),
                "ip",
                pl.lit('","request_id":"req-b'),
                "req",
                pl.lit('","purpose":"customer_service","details":{"path":"'),
                "page",
                pl.lit('"}}'),
            ]
        ).alias("line"),
    )
