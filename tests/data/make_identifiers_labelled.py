"""Write tests/data/identifiers_labelled.jsonl: strings labelled with the identifiers they hold.

Run: .venv/bin/python tests/data/make_identifiers_labelled.py (deterministic, seed 13).
Generated IINs and BINs use a check digit computed here, independently of wgp_audit.identifiers;
the HAND list below was written by hand (two of its check digits verified by hand arithmetic).
Each line: {"text": ..., "kinds": [kind, ...] (one entry per identifier), "group": ...}.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "identifiers_labelled.jsonl"
NAMES_FILE = HERE / "identifiers_known_names.txt"
KNOWN_NAMES = [
    "Omarova Aigerim Nurlanovna",
    "Akhmetov Nurlan Seriкovich".replace("к", "k"),
    "Suleimenov Daniyar Maratovich",
    "Kassymova Dana Yerlanovna",
    "Tulegenov Arman Askarovich",
    "Иванов Иван Иванович",
    "Қасымов Әлихан Болатұлы",
    "Сейткали Гүлнара Маратқызы",
    "Жумабаев Ерлан Серикович",
    "Ospanova Saule Kairatovna",
]


def check_digit(first11: str) -> int | None:
    """The IIN/BIN check digit, written apart from the package's own (brief's algorithm)."""
    total = 0
    for position, char in enumerate(first11, start=1):
        total += position * int(char)
    rest = total % 11
    if rest != 10:
        return rest
    weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    rest = sum(weights[i] * int(first11[i]) for i in range(11)) % 11
    return None if rest == 10 else rest


def valid_iin(rng: random.Random) -> str:
    while True:
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(85 * 365))
        male = rng.random() < 0.5
        digit = (3 if male else 4) if birth.year < 2000 else (5 if male else 6)
        first = f"{birth:%y%m%d}{digit}{rng.randrange(10**4):04d}"
        check = check_digit(first)
        if check is not None:
            return first + str(check)


def valid_bin(rng: random.Random) -> str:
    while True:
        first = (
            f"{rng.randrange(100):02d}{rng.randint(1, 12):02d}{rng.choice('456')}"
            f"{rng.randrange(4)}{rng.randrange(10**5):05d}"
        )
        check = check_digit(first)
        if check is not None:
            return first + str(check)


def bad_twelve(rng: random.Random) -> str:
    """12 digits that are neither an IIN nor a BIN (wrong check digit, or no valid date/type)."""
    while True:
        kind = rng.random()
        if kind < 0.5:  # a real-looking IIN or BIN with its check digit off by one or more
            good = valid_iin(rng) if rng.random() < 0.6 else valid_bin(rng)
            wrong = (int(good[11]) + rng.randint(1, 9)) % 10
            candidate = good[:11] + str(wrong)
            if check_digit(candidate[:11]) != wrong:
                return candidate
        elif kind < 0.8:  # an order number: YYYYMMDD + 4-digit counter
            d = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1200))
            candidate = f"{d:%Y%m%d}{rng.randrange(10**4):04d}"
        else:  # any 12 digits
            candidate = f"{rng.randrange(10**11, 10**12)}"
        if not _is_identifier(candidate):
            return candidate


def _is_identifier(d: str) -> bool:
    check = check_digit(d[:11])
    if check is None or check != int(d[11]):
        return False
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}.get(d[6])
    if century is not None:
        try:
            dt.date(century + int(d[:2]), int(d[2:4]), int(d[4:6]))
            return True
        except ValueError:
            pass
    return 1 <= int(d[2:4]) <= 12 and d[4] in "456"


def spaced(number: str, rng: random.Random) -> str:
    style = rng.choice(["plain", "plain", "6 3 3", "6-6", "4 4 4", "6 6", "3 3 3 3"])
    groups = {
        "6 3 3": (6, 3, 3),
        "6-6": (6, 6),
        "4 4 4": (4, 4, 4),
        "6 6": (6, 6),
        "3 3 3 3": (3, 3, 3, 3),
    }.get(style)
    if groups is None:
        return number
    parts, pos = [], 0
    for g in groups:
        parts.append(number[pos : pos + g])
        pos += g
    return ("-" if "-" in style else " ").join(parts)


def phone(rng: random.Random) -> str:
    code = rng.choice(
        ["700", "701", "702", "705", "707", "708", "747", "771", "775", "777", "778", "727", "717"]
    )
    n = f"{rng.randrange(10**7):07d}"
    a, b, c = n[:3], n[3:5], n[5:]
    return rng.choice(
        [
            f"+7 {code} {a} {b} {c}",
            f"+7{code}{n}",
            f"8 ({code}) {a}-{b}-{c}",
            f"8{code}{n}",
            f"7{code}{n}",
            f"+7 ({code}) {a}-{b}-{c}",
            f"8-{code}-{a}-{b}-{c}",
            f"%2B7{code}{n}",
            f"+7-{code}-{a}-{b}{c}",
            f"8 {code} {a} {b} {c}",
            f"+7 {code} {n}",
            f"%2B7%20{code}%20{n}",
        ]
    )


FIRST = ["aigerim", "nurlan", "dana", "arman", "saule", "timur", "madina", "yerlan", "assel"]
LAST = ["omarova", "akhmetov", "kassymova", "suleimenov", "ospanova", "bekov", "nurlanov"]
DOMAINS = [
    "mail.kz",
    "gmail.com",
    "mail.ru",
    "inbox.kz",
    "yandex.kz",
    "bk.ru",
    "wgp.kz",
    "kaspi.kz",
    "halykbank.kz",
    "outlook.com",
]


def email(rng: random.Random) -> str:
    local = rng.choice(
        [
            f"{rng.choice(FIRST)}.{rng.choice(LAST)}{rng.randrange(1, 999)}",
            f"{rng.choice(FIRST)}_{rng.randrange(1990, 2010)}",
            f"{rng.choice(FIRST)[0]}.{rng.choice(LAST)}",
            f"{rng.choice(FIRST)}+shop",
        ]
    )
    address = f"{local}@{rng.choice(DOMAINS)}"
    style = rng.random()
    if style < 0.25:
        return address.replace("@", "%40").replace("+", "%2B")
    if style < 0.35:
        return address.upper()
    return address


def ipv4(rng: random.Random) -> str:
    first = rng.choice([2, 5, 37, 46, 77, 78, 82, 89, 92, 95, 176, 178, 185, 188, 192, 10])
    return f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def ipv6(rng: random.Random) -> str:
    groups = [f"{rng.randrange(0x10000):x}" for _ in range(8)]
    style = rng.random()
    if style < 0.4:
        return f"2a03:32c0:{groups[2]}::{groups[7]}"
    if style < 0.6:
        return ":".join(groups)
    if style < 0.75:
        return f"fe80::{groups[4]}:{groups[5]}:{groups[6]}:{groups[7]}"
    if style < 0.85:
        return f"::ffff:{ipv4(rng)}"
    return f"2001:db8:{groups[2]}:{groups[3]}::{rng.randrange(1, 99)}"


CONTEXT = {
    "iin": [
        "ИИН {}",
        "iin={}",
        "/api/users/by-iin/{}",
        '{{"iin": "{}"}}',
        "ЖСН: {}",
        "client IIN {} verified",
        "ИИН клиента: {}.",
        "GET /profile?iin={} HTTP/1.1",
    ],
    "bin": ["БИН {}", "operator BIN: {}", '{{"bin": "{}"}}', "ТОО, БИН {}", "/company/{}/card"],
    "phone": [
        "call {}",
        "тел.: {}",
        "phone={}",
        '{{"new_value": "{}"}}',
        "Позвоните {} сегодня",
        "/account/verify?phone={}",
        "SMS to {} sent",
    ],
    "email": [
        "mail {} now",
        "login={}",
        '{{"login": "{}"}}',
        "/api/password-reset?email={}",
        "Письмо на {} отправлено",
        "contact: <{}>",
    ],
    "ipv4": [
        "from {} today",
        "client {} blocked",
        "http://{}/admin",
        "x-forwarded-for: {}",
        '{{"ip": "{}"}}',
        "{}:8443 refused",
    ],
    "ipv6": ["from {} today", "client [{}]:443", '{{"ip": "{}"}}', "peer {} reset"],
}


def name_text(rng: random.Random, full: str) -> str:
    words = full.split()
    form = rng.choice(["full", "full", "two", "surname", "lower", "upper"])
    value = {
        "full": full,
        "two": " ".join(words[:2]),
        "surname": words[0],
        "lower": full.lower(),
        "upper": full.upper(),
    }[form]
    template = rng.choice(
        [
            "Customer {} called about the order",
            "Клиент {} обратился в поддержку",
            '{{"comment": "per {}"}}',
            "ticket from {}",
            "{} asked to delete data",
            "/search?q={}",
            "Жалоба: {}, повторно",
        ]
    )
    text = template.format(value)
    if template.startswith("/search"):
        text = text.replace(" ", "+")
    return text


NEGATIVES = [
    "request dsr-000012 answered on 2024-05-10",
    "GET /static/app.3f9c2a.js HTTP/1.1",
    "logo@2x.png",
    "icon-home@3x.webp",
    "@media (max-width: 600px)",
    "follow @aigerim_shop",
    "version 1.2.3.4.5",
    "build 10.0.19045.3803.1",
    "Chrome/120.0.6099.109 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/119.0.6045.199",
    "at 10:15:30 +0500",
    "2026-10-10T12:30:45+05:00",
    "ts=1715329845",
    "ts=1715329845123",
    '{"fields": ["email", "phone", "iin"]}',
    "total 87 000 ₸",
    "Итого: 1 234 567,89 тг",
    "price 770 112 345 KZT",
    "qty 12, sum 45 990",
    "MAC 00:1a:2b:3c:4d:5e",
    "12:30",
    "/catalog/tv?page=2&sort=price",
    "/search?q=samsung+galaxy+s24",
    "user@localhost",
    "Petrov Sergey called",
    "Клиент Петров Сергей обратился",
    "Aigerim Market opened",
    "std::vector<int>",
    "a::b",
    "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "card **** **** **** 4242",
    "tracking RR123456785KZ",
    "EMS EE123456789KZ shipped",
    "1Z999AA10123456784",
    "order #A-2026-000123",
    "invoice 2026/10/000451",
    "port 8080",
    "ratio 3.14159265358979",
    "lat 43.238949, lon 76.889709",
    "monitor",
    "healthz ok",
]


def main() -> None:
    rng = random.Random(13)
    rows: list[dict[str, object]] = []

    def add(text: str, kinds: list[str], group: str) -> None:
        rows.append({"text": text, "kinds": sorted(kinds), "group": group})

    for _ in range(70):
        add(rng.choice(CONTEXT["iin"]).format(spaced(valid_iin(rng), rng)), ["iin"], "iin")
    for _ in range(30):
        add(rng.choice(CONTEXT["bin"]).format(spaced(valid_bin(rng), rng)), ["bin"], "bin")
    for _ in range(80):
        add(rng.choice(CONTEXT["phone"]).format(phone(rng)), ["phone"], "phone")
    for _ in range(60):
        add(rng.choice(CONTEXT["email"]).format(email(rng)), ["email"], "email")
    for _ in range(40):
        add(rng.choice(CONTEXT["ipv4"]).format(ipv4(rng)), ["ipv4"], "ipv4")
    for _ in range(40):
        add(rng.choice(CONTEXT["ipv6"]).format(ipv6(rng)), ["ipv6"], "ipv6")
    for _ in range(50):
        add(name_text(rng, rng.choice(KNOWN_NAMES)), ["name"], "name")
    for _ in range(40):
        iin, tel, mail = valid_iin(rng), phone(rng).replace("%2B", "+").replace("%20", " "), email(rng)
        add(
            f'{{"iin": "{iin}", "phone": "{tel}", "email": "{mail.replace("%40", "@")}", '
            f'"ip": "{ipv4(rng)}"}}',
            ["iin", "phone", "email", "ipv4"],
            "mixed",
        )
    # near-misses
    for _ in range(110):
        template = rng.choice(
            [
                "order {}",
                "/orders/{}",
                '{{"order_no": "{}"}}',
                "трек {}",
                "ref={}",
                "Заказ № {} оплачен",
                "txn {} ok",
            ]
        )
        add(template.format(spaced(bad_twelve(rng), rng)), [], "12-digit near-miss")
    for _ in range(25):
        add(f"request {uuid.UUID(int=rng.getrandbits(128))}", [], "uuid")
    for _ in range(25):
        add(f"id {rng.randrange(10**12, 10**19)}", [], "long number")
    for _ in range(20):
        digits = "7" + "7" + f"{rng.randrange(10**9):09d}"
        add(f"sku 1{digits}{rng.randrange(10)}", [], "11 digits inside a longer run")
    for _ in range(20):
        add(f"release {'.'.join(str(rng.randrange(20)) for _ in range(5))}", [], "version string")
    for _ in range(20):
        d = dt.datetime(2024, 1, 1) + dt.timedelta(seconds=rng.randrange(10**8))
        add(
            rng.choice([f"{d:%Y%m%d%H%M}", f"{d:%Y-%m-%d %H:%M:%S}", f"{int(d.timestamp())}"]),
            [],
            "timestamp",
        )
    for _ in range(15):
        add(f"hash {rng.getrandbits(256):064x}", [], "hash")
    for text in NEGATIVES:
        add(text, [], "hand near-miss")
    for text, kinds in HAND:
        add(text, kinds, "hand")
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    NAMES_FILE.write_text("".join(n + "\n" for n in KNOWN_NAMES), encoding="utf-8")
    print(f"{len(rows)} strings -> {OUT}")


#: Written by hand. 900101300126: 9*1+1*4+1*6+3*7+1*10+2*11 = 72, 72 mod 11 = 6. 920725300457:
#: the first pass gives 10; 9*3+2*4+7*6+2*7+5*8+3*9+4*1+5*2 = 172, 172 mod 11 = 7.
HAND: list[tuple[str, list[str]]] = [
    ("ИИН 900101300126, тел. +7 701 123 45 67", ["iin", "phone"]),
    ("Заявитель: ЖСН 920725300457", ["iin"]),
    ("iin 920725 300 457 given", ["iin"]),
    ("iin 920725300458 given", []),  # one digit off
    ("client 900101-300126", ["iin"]),
    ("8 (727) 250-12-34, приемная", ["phone"]),
    ("звоните 8 777 000 11 22 или пишите aigerim.o@mail.kz", ["phone", "email"]),
    ("/reset?email=ivan%40mail.kz&lang=ru", ["email"]),
    ("/verify?phone=%2B77071234567", ["phone"]),
    ("callback 77051234567 pending", ["phone"]),
    ("from 2a01:4f8:c17:1a2b::2 at 03:12", ["ipv6"]),
    ("admin login from 185.220.101.47", ["ipv4"]),
    ("Order 202610311234 shipped", []),
    ("tracking number 420123456789 (Kazpost)", []),
    ("Иванов Иван Иванович подал заявление", ["name"]),
    ("ИВАНОВ И.И. подал заявление", ["name"]),
    ("Қасымов Әлихан қоңырау шалды", ["name"]),
    ("Ivanovich Street 12", []),
    # known misses, kept so that the figures say what the detector does not do
    ("write to ivan at mail dot kz", ["email"]),  # spelled-out e-mail
    ("ИИН 900101.300.126", ["iin"]),  # dots between the groups
    ("тел 8 701 12 34 567", ["phone"]),  # unusual grouping 3-2-2-3
    ("Ivanov Ivan Ivanovich (latin transliteration of a Cyrillic name)", ["name"]),
]


if __name__ == "__main__":
    main()
