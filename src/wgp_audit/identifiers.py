r"""Kazakhstan personal identifiers in free text: IIN/BIN (checksum), phones, e-mails, IPs, names.

One detector for the report masker (privacy.Pseudonymiser.text) and for the log checks LOG-1 and
SEC-3 (the SQL function pd_identifier_kinds, registered by register_identifier_functions).

Text is matched after decoding (percent-encoding, `+` as a space in query strings, JSON `\uXXXX`
escapes); every match is mapped back to its span in the original text, so a masker replaces only
the identifier and leaves the rest of the text as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from duckdb.func import FunctionNullHandling, PythonUDFType


class Kind(StrEnum):
    """The kinds of identifier found; the value is the code the SQL function returns."""

    EMAIL = "email"
    IPV6 = "ipv6"
    IPV4 = "ipv4"
    PHONE = "phone"
    IIN = "iin"
    BIN = "bin"
    NAME = "name"


#: Overlapping candidates are resolved in this order (an e-mail's digits are not a phone).
_PRIORITY = {k: i for i, k in enumerate(Kind)}


@dataclass(frozen=True)
class Match:
    """One identifier: its kind and its span in the original (undecoded) text."""

    kind: Kind
    start: int
    end: int


# ---------------------------------------------------------------- IIN and BIN

_W1 = tuple(range(1, 12))
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first11: str) -> int | None:
    """The 12th digit of an IIN/BIN from its first 11 digits; None where no digit is valid."""
    d = [int(c) for c in first11]
    r = sum(w * x for w, x in zip(_W1, d, strict=True)) % 11
    if r == 10:
        r = sum(w * x for w, x in zip(_W2, d, strict=True)) % 11
        if r == 10:
            return None
    return r


def checksum_ok(digits: str) -> bool:
    """Whether a 12-digit string carries the IIN/BIN check digit."""
    return len(digits) == 12 and digits.isdigit() and check_digit(digits[:11]) == int(digits[11])


_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


def iin_birth_date(digits: str) -> dt.date | None:
    """The birth date an IIN's digits 1-7 spell (YYMMDD and the century digit), else None."""
    century = _CENTURY.get(digits[6])
    if century is None:
        return None
    try:
        return dt.date(century + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return None


def classify_12(digits: str) -> Kind | None:
    """IIN, BIN or neither, for 12 digits: the checksum, then the IIN date or the BIN's YYMM/type."""
    if not checksum_ok(digits):
        return None
    if iin_birth_date(digits) is not None:
        return Kind.IIN
    if 1 <= int(digits[2:4]) <= 12 and digits[4] in "456":
        return Kind.BIN
    return None


# ---------------------------------------------------------------- decoding

_ESCAPE = re.compile(r"(?:%[0-9A-Fa-f]{2})+|(?:\\u[0-9A-Fa-f]{4})+|\+")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_QUERY = re.compile(r"\?[^\s#\"'<>]*")


@dataclass
class Decoded:
    """A decoded text and, per decoded character, the original span it came from."""

    text: str
    starts: list[int] | None = None  # None: the text is the original (nothing was decoded)
    ends: list[int] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the decoded span [start, end)."""
        if self.starts is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _decode_token(token: str) -> str:
    """The text of one percent-encoded run or of a run of JSON unicode escapes."""
    if token.startswith("%"):
        return bytes.fromhex(token.replace("%", "")).decode("utf-8", "replace")
    units = [int(token[i + 2 : i + 6], 16) for i in range(0, len(token), 6)]
    raw = b"".join(u.to_bytes(2, "big") for u in units)
    return raw.decode("utf-16-be", "replace")


def _decode_once(src: Decoded, pattern: re.Pattern[str]) -> Decoded:
    """One decoding pass over the text, keeping the original span of every character."""
    text = src.text
    src_starts = src.starts if src.starts is not None else list(range(len(text)))
    queries = [m.span() for m in _QUERY.finditer(text)] if "?" in text else []
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        a, b = m.span()
        token = m.group()
        if token == "+":
            if not any(qa < a < qb for qa, qb in queries):
                continue
            rep = " "
        else:
            rep = _decode_token(token)
        out.append(text[pos:a])
        starts.extend(src_starts[pos:a])
        ends.extend(src.ends[pos:a])
        out.append(rep)
        starts.extend([src_starts[a]] * len(rep))
        ends.extend([src.ends[b - 1]] * len(rep))
        pos = b
    out.append(text[pos:])
    starts.extend(src_starts[pos:])
    ends.extend(src.ends[pos:])
    return Decoded("".join(out), starts, ends)


def url_decoded(text: str) -> Decoded:
    r"""Percent-decoding (twice at most, for double encoding), `+` as a space inside query
    strings, and JSON `\uXXXX` escapes, with the original span of every decoded character."""
    if "%" not in text and "\\u" not in text and "+" not in text:
        return Decoded(text)
    decoded = Decoded(text, list(range(len(text))), list(range(1, len(text) + 1)))
    decoded = _decode_once(decoded, _ESCAPE)
    if _PERCENT.search(decoded.text):  # double encoding: %2540 -> %40 -> @
        decoded = _decode_once(decoded, _PERCENT)
    return decoded


# ---------------------------------------------------------------- patterns

_EMAIL = re.compile(
    r"[\w+-](?<![\w.+-][\w+-])(?:[\w.+-]{0,62}[\w+-])?@((?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+"
    r"([^\W\d_]{2,24}))(?![\w-])"
)
#: '@2x.png' is an image name, not an address: top-level "domains" that are file types.
_FILE_TYPES = frozenset(
    {
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "ico",
        "js",
        "css",
        "map",
        "html",
        "htm",
        "json",
        "xml",
        "pdf",
        "txt",
        "woff",
        "woff2",
        "ttf",
        "mp4",
        "webm",
        "avif",
        "bmp",
        "zip",
        "gz",
    }
)
# Each pattern starts with a character class and checks what precedes it after that first
# character: Python's re then skips quickly to candidate characters (a leading look-behind made
# the masker ten times slower).
_IPV4 = re.compile(
    r"\d(?<![\w.]\d)(?<![A-Za-z]/\d)\d{0,2}\.\d{1,3}\.\d{1,3}\.\d{1,3}"
    r"(?!\.?\d|[\w-])"
)
_IPV6 = re.compile(r"[0-9A-Fa-f:]{2,39}(?:\.\d{1,3}){0,3}")
_BODY = (
    r"(?:[ \-]?\(\s?\d{3}\s?\)|[ \-]?\d{3})"
    r"(?:[ \-]?\d{3}[ \-]?\d{2}[ \-]?\d{2}|[ \-]?\d{3}[ \-]?\d{4})"
    r"|(?:[ \-]?\(\s?\d{4}\s?\)|[ \-]?\d{4})"
    r"(?:[ \-]?\d{2}[ \-]?\d{2}[ \-]?\d{2}|[ \-]?\d{3}[ \-]?\d{3})"
)
_PHONE = re.compile(
    r"[+78](?:(?<![\w+]\+) ?7(?P<intl>" + _BODY + r")"
    r"|(?<![\w.+]8)(?<!\d[ \-]8)(?<=8)(?P<trunk>" + _BODY + r")"
    r"|(?<![\w.+]7)(?<=7)(?P<bare>7\d{9}))(?!\d|[ \-]\d)"
)
_TWELVE = re.compile(
    r"\d(?<![0-9A-Za-z]\d)(?<!\d\.\d)(?<![0-9A-Fa-f]{4}-\d)"  # not inside a word, number, UUID
    r"(?:\d{11}(?![0-9A-Za-z]|\.\d)"
    r"|(?<!\d[ \-]\d)(?:\d{5}[ \-]\d{6}|\d{5}[ \-]\d{3}[ \-]\d{3}|\d{3}[ \-]\d{4}[ \-]\d{4}"
    r"|\d{2}[ \-]\d{3}[ \-]\d{3}[ \-]\d{3})(?![0-9A-Za-z]|[ \-]\d|\.\d))"
)
_WORD = re.compile(r"\w+")


def _phone_ok(m: re.Match[str]) -> bool:
    """Whether a phone-like match is a plausible Kazakh or international number."""
    digits = re.sub(r"\D", "", m.group())
    if m.group("bare") is not None:
        return True
    national = digits[1:]
    if len(national) != 10:
        return False
    if m.group("intl") is not None:
        return national[0] in "3456789"
    return national[0] == "7"  # 8-prefixed: Kazakh codes only (7xx)


def _ipv6(text: str, m: re.Match[str]) -> int | None:
    """The end of a valid IPv6 address at this candidate (standing alone), else None."""
    candidate = m.group()
    if candidate.count(":") < 2 or (m.start() and text[m.start() - 1] in _IPV6_BEFORE):
        return None
    for value in (candidate, candidate.rstrip(":")):
        end = m.start() + len(value)
        if sum(c in _HEX for c in value) < 3 or (end < len(text) and text[end] in _IPV6_AFTER):
            continue
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            continue
        return end
    return None


_HEX = frozenset("0123456789abcdefABCDEF")
_IPV6_BEFORE = frozenset(".:_") | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_IPV6_AFTER = (_IPV6_BEFORE | frozenset("-")) - frozenset(":.")


# ---------------------------------------------------------------- names


class NameIndex:
    """Known full names and surnames, matched as whole words, case-insensitively (any script)."""

    def __init__(self, names: Iterable[str | None] = ()) -> None:
        self._by_first: dict[str, set[tuple[str, ...]]] = {}
        for name in names:
            if not name:
                continue
            words = tuple(w.casefold() for w in _WORD.findall(name))
            if not words or any(not w.isalpha() for w in words):
                continue
            if len(words) == 1 and len(words[0]) < 4:
                continue  # a short single word is too common to be a person's name
            self._by_first.setdefault(words[0], set()).add(words)

    def __bool__(self) -> bool:
        return bool(self._by_first)

    @property
    def first_words(self) -> frozenset[str]:
        """The first word of every known name (what a cheap pre-filter may look for)."""
        return frozenset(self._by_first)

    @classmethod
    def from_full_names(cls, full_names: Iterable[str | None]) -> NameIndex:
        """Each full name, its surname (the first word of 'Surname First Patronymic'), and the
        surname with the first name in either order."""
        items: list[str] = []
        for full in full_names:
            words = (full or "").split()
            if words:
                items += [full or "", words[0]]
            if len(words) >= 2:  # 'Surname First' and 'First Surname'
                items += [f"{words[0]} {words[1]}", f"{words[1]} {words[0]}"]
        return cls(items)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Spans of known names in the text (the longest name at each word)."""
        if not self._by_first:
            return []
        words = list(_WORD.finditer(text))
        folded = [w.group().casefold() for w in words]
        spans = []
        for i, word in enumerate(folded):
            phrases = self._by_first.get(word)
            if not phrases:
                continue
            best = 0
            for phrase in phrases:
                n = len(phrase)
                if n > best and tuple(folded[i : i + n]) == phrase and _joined(text, words[i : i + n]):
                    best = n
            if best:
                spans.append((words[i].start(), words[i + best - 1].end()))
        return spans


def _joined(text: str, words: Sequence[re.Match[str]]) -> bool:
    """Words of one name are separated by spaces or punctuation only, not by other text."""
    return all(len(text[a.end() : b.start()]) <= 3 for a, b in itertools.pairwise(words))


# ---------------------------------------------------------------- finding


def find_identifiers(text: str, names: NameIndex | None = None) -> list[Match]:
    """Every identifier in the text (non-overlapping, in order), spans in the original text."""
    if not text:
        return []
    dec = url_decoded(text)
    t = dec.text
    found: list[tuple[Kind, int, int]] = []
    if "@" in t:
        for m in _EMAIL.finditer(t):
            if m.group(2).lower() not in _FILE_TYPES:
                found.append((Kind.EMAIL, *m.span()))
    if "::" in t or t.count(":") >= 7:  # an IPv6 address has '::' or seven colons
        for m in _IPV6.finditer(t):
            end = _ipv6(t, m)
            if end is not None:
                found.append((Kind.IPV6, m.start(), end))
    if "." in t:
        for m in _IPV4.finditer(t):
            try:
                ipaddress.IPv4Address(m.group())
            except ValueError:
                continue
            found.append((Kind.IPV4, *m.span()))
    for m in _PHONE.finditer(t):
        if _phone_ok(m):
            found.append((Kind.PHONE, *m.span()))
    for m in _TWELVE.finditer(t):
        kind = classify_12(re.sub(r"\D", "", m.group()))
        if kind is not None:
            found.append((kind, *m.span()))
    if names:
        found.extend((Kind.NAME, a, b) for a, b in names.find(t))
    spans = [(kind, *dec.span(a, b)) for kind, a, b in found]
    if t != text and "+" in text:  # '+7 701 ...' in a query string, its '+' not encoded
        spans.extend((Kind.PHONE, *m.span()) for m in _PHONE.finditer(text) if _phone_ok(m))
    spans.sort(key=lambda f: (_PRIORITY[f[0]], f[1], -f[2]))
    out: list[Match] = []
    for kind, a, b in spans:
        if any(a < m.end and m.start < b for m in out):
            continue
        out.append(Match(kind, a, b))
    return sorted(out, key=lambda m: m.start)


def identifier_kinds(text: str | None, names: NameIndex | None = None) -> set[Kind]:
    """The kinds of identifier the text holds."""
    return {m.kind for m in find_identifiers(text or "", names)}


LABELS = {
    Kind.EMAIL: "[e-mail]",
    Kind.PHONE: "[phone]",
    Kind.IIN: "[iin]",
    Kind.BIN: "[bin]",
    Kind.IPV4: "[ip]",
    Kind.IPV6: "[ip]",
    Kind.NAME: "[name]",
}


def mask(text: str, names: NameIndex | None = None) -> str:
    """The text with every identifier replaced by its label ([e-mail], [phone], [iin], ...)."""
    out: list[str] = []
    pos = 0
    for m in find_identifiers(text, names):
        if m.start < pos:
            continue  # two decoded matches from one encoded run: masked once
        out += [text[pos : m.start], LABELS[m.kind]]
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------- DuckDB

#: A cheap RE2 pre-filter: a row that matches none of these holds no identifier but a name.
PREFILTER = (
    r"@|%40|%2540|\\u0040|(?:\d[^0-9A-Za-z]{0,3}){7}|\d\.\d{1,3}\.\d{1,3}\.\d|"
    r"[0-9A-Fa-f]:[0-9A-Fa-f]{0,4}:"
)
_LIST = pa.list_(pa.string())


def _names_in_source(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The distinct full names the source's users table holds (none when it has no such view)."""
    for view in ("stg_users", "raw_users"):
        try:
            rows = con.execute(
                f"select distinct full_name from {view} where full_name is not null"
            ).fetchall()
        except duckdb.Error:
            continue
        return [str(r[0]) for r in rows]
    return []


def kinds_array(values: Any, names: NameIndex | None = None) -> pa.Array:
    """pd_identifier_kinds over an Arrow string array: RE2 pre-filter, then Python confirmation."""
    arr = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    arr = arr.cast(pa.string())
    hits = set(pc.indices_nonzero(pc.fill_null(pc.match_substring_regex(arr, PREFILTER), False)).to_pylist())
    if names:
        words = pc.split_pattern_regex(pc.utf8_lower(arr), r"[^\p{L}\p{M}]+")
        known = pc.is_in(pc.list_flatten(words), value_set=pa.array(sorted(names.first_words)))
        hits.update(pc.filter(pc.list_parent_indices(words), known).to_pylist())
    out: list[list[str] | None] = [[] for _ in range(len(arr))]
    if arr.null_count:
        for i in pc.indices_nonzero(pc.is_null(arr)).to_pylist():
            out[i] = None
    order = sorted(hits)
    texts = pc.take(arr, pa.array(order, type=pa.int64())).to_pylist() if order else []
    for i, text in zip(order, texts, strict=True):
        out[i] = sorted(k.value for k in identifier_kinds(text, names))
    return pa.array(out, type=_LIST)


#: Words per RE2 alternation: 2,000 words scan ~1M short strings a second; 20,000 in one pattern
#: were 60 times slower (RE2's DFA cache thrashes), so larger sets are split into several patterns.
NAME_WORDS_PER_PATTERN = 2000
#: Up to this many words, identifier shapes and names share one case-insensitive pattern (on the
#: demo's ~110 words: ~1.2 s CPU per 10M paths, as the identifier shapes alone); above it, a
#: case-insensitive alternation grows slow, and lower(t) is matched by the split patterns.
NAME_WORDS_IN_ONE_PASS = 300


def candidate_sql(names: NameIndex) -> str:
    """The SQL pre-filter over a text t: the identifier shapes (PREFILTER), or the first word of
    a known name anywhere in lower(t) (whole words are checked afterwards, in Python)."""
    words = sorted(w.lower() for w in names.first_words)
    if len(words) <= NAME_WORDS_IN_ONE_PASS:  # one pattern, one pass: as cheap as PREFILTER
        alternation = "|".join(words)
        pattern = PREFILTER + (f"|(?i:{alternation})" if words else "")
        return "regexp_matches(t, $$" + pattern + "$$)"
    parts = ["regexp_matches(t, $$" + PREFILTER + "$$)"]
    for i in range(0, len(words), NAME_WORDS_PER_PATTERN):
        parts.append(
            "regexp_matches(lower(t), $$(?:" + "|".join(words[i : i + NAME_WORDS_PER_PATTERN]) + ")$$)"
        )
    return " or ".join(parts)


def register_identifier_functions(con: duckdb.DuckDBPyConnection, names: Iterable[str] | None = None) -> None:
    """Register pd_identifier_kinds(text) -> VARCHAR[] (kind codes: email, phone, iin, bin, ipv4,
    ipv6, name), a vectorised Arrow UDF, and the macro pd_identifier_candidate(text), its cheap
    RE2 pre-filter (call the UDF only where it holds). Names are the source's own people: the
    full names given, else users.full_name when the source holds it (with its surnames).
    Call it before the staging views are created: the macro pd_kinds uses both."""
    index = NameIndex.from_full_names(_names_in_source(con) if names is None else names)

    def udf(values: Any) -> pa.Array:
        return kinds_array(values, index)

    with contextlib.suppress(duckdb.Error):
        con.remove_function("pd_identifier_kinds")
    con.create_function(
        "pd_identifier_kinds",
        udf,
        ["VARCHAR"],
        "VARCHAR[]",
        type=PythonUDFType.ARROW,
        null_handling=FunctionNullHandling.SPECIAL,
        side_effects=False,
    )
    # pd_identifier_candidate(t): the cheap SQL pre-filter; only rows it keeps need the UDF
    con.execute("create or replace macro pd_identifier_candidate(t) as " + candidate_sql(index))
