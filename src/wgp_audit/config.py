"""The auditor's yardstick (config/yardstick.toml): loaded, validated, and flattened for checks."""

from __future__ import annotations

import datetime as dt
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wgp_audit.errors import ConfigError
from wgp_audit.paths import config_dir

# section -> key -> expected type; "*" means any key of that section, with that type.
_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "operator": {
        "name": str,
        "bin": str,
        "country": str,
        "city": str,
        "time_zone": str,
        "affiliate_ids": list,
    },
    "deadlines": {"*": int},
    "in_force": {"*": dt.date},
    "retention": {"*": int},
    "privacy": {
        "k_anonymity_min": int,
        "small_count_threshold": int,
        "minor_age": int,
        "adequate_states": list,
        "direct_identifiers": list,
        "quasi_identifiers": list,
    },
    "calendar": {"working_weekends": list, "extra_days_off": list, "first_year": int, "last_year": int},
    "logs": {"gap_minutes": int},
    # optional: attribute sampling (wgp_audit.sampling); rates as fractions, e.g. 0.95, 0.05, 0.0
    "sampling": {"confidence": (float, int), "tolerable_rate": (float, int), "expected_rate": (float, int)},
}
_OPTIONAL_SECTIONS = ("sampling",)
_REQUIRED_DEADLINES = (
    "rectify",
    "destroy",
    "consent_withdrawal",
    "transfer_notification",
    "access_request",
    "breach_notification",
    "automated_objection",
)


@dataclass(frozen=True)
class Yardstick:
    """Validated yardstick values; `params()` flattens them into named check parameters."""

    path: Path
    operator: dict[str, Any]
    deadlines: dict[str, int]
    in_force: dict[str, dt.date]
    retention: dict[str, int]
    privacy: dict[str, Any]
    calendar: dict[str, Any]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def time_zone(self) -> str:
        """The operator's time zone, e.g. Asia/Atyrau."""
        return str(self.operator["time_zone"])

    def params(self) -> dict[str, object]:
        """Flatten into the parameter names check headers use (e.g. deadline_rectify)."""
        out: dict[str, object] = {
            "tz": self.time_zone,
            "operator_bin": self.operator["bin"],
            "operator_country": self.operator["country"],
            "operator_city": self.operator["city"],
            "affiliate_ids": list(self.operator["affiliate_ids"]),
            "k_min": self.privacy["k_anonymity_min"],
            "minor_age": self.privacy["minor_age"],
            "adequate_states": list(self.privacy["adequate_states"]),
            "direct_identifiers": list(self.privacy["direct_identifiers"]),
            "quasi_identifiers": list(self.privacy["quasi_identifiers"]),
        }
        out.update({f"deadline_{k}": v for k, v in self.deadlines.items()})
        out.update({f"in_force_{k}": v for k, v in self.in_force.items()})
        out.update({f"retention_{k}": v for k, v in self.retention.items()})
        out["log_gap_minutes"] = self.raw["logs"]["gap_minutes"]
        return out


def _type_name(t: type | tuple[type, ...]) -> str:
    """A type, or a tuple of types, in words for a message."""
    return t.__name__ if isinstance(t, type) else " or ".join(x.__name__ for x in t)


def _validate(data: dict[str, Any], path: Path) -> list[str]:
    """Every problem of a yardstick's sections, keys and value types, as messages."""
    problems: list[str] = []
    for section, values in data.items():
        if section not in _SCHEMA:
            problems.append(f"unknown section [{section}] (known: {', '.join(_SCHEMA)})")
            continue
        if not isinstance(values, dict):
            problems.append(f"[{section}] must be a table of key = value lines")
            continue
        spec = _SCHEMA[section]
        for key, value in values.items():
            expected = spec.get(key, spec.get("*"))
            if expected is None:
                problems.append(f"unknown key {section}.{key} (known: {', '.join(spec)})")
            elif isinstance(value, bool) or not isinstance(value, expected):
                problems.append(f"{section}.{key} = {value!r} must be a {_type_name(expected)}")
            elif expected is int and isinstance(value, int) and value < 0:
                problems.append(f"{section}.{key} = {value} must not be negative")
        for key in spec:
            if key != "*" and key not in values:
                problems.append(f"missing key {section}.{key}")
    for section in _SCHEMA:
        if section not in data and section not in _OPTIONAL_SECTIONS:
            problems.append(f"missing section [{section}]")
    for key in _REQUIRED_DEADLINES:
        if key not in data.get("deadlines", {}):
            problems.append(f"missing key deadlines.{key}")
    tz = data.get("operator", {}).get("time_zone")
    if isinstance(tz, str):
        try:
            zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.append(f"operator.time_zone = {tz!r} is not an IANA time zone")
    for key in ("working_weekends", "extra_days_off"):
        for d in data.get("calendar", {}).get(key, []):
            if not isinstance(d, dt.date) or isinstance(d, dt.datetime):
                problems.append(f"calendar.{key} holds {d!r}: write dates as 2024-05-04")
    return problems


def load_yardstick(path: Path | str | None = None) -> Yardstick:
    """Read and validate a yardstick TOML file; every problem is listed in one ConfigError."""
    path = Path(path) if path is not None else config_dir() / "yardstick.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            f"yardstick file {path} does not exist",
            hint="pass --config with the path of a yardstick TOML (see config/yardstick.toml)",
        ) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read yardstick file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}", hint="fix the line named") from exc
    problems = _validate(data, path)
    if problems:
        raise ConfigError(
            f"{path}: " + "; ".join(problems),
            hint="correct these keys; config/yardstick.toml shows every key with a comment",
        )
    return Yardstick(
        path=path.resolve(),
        operator=data["operator"],
        deadlines=data["deadlines"],
        in_force=data["in_force"],
        retention=data["retention"],
        privacy=data["privacy"],
        calendar=data["calendar"],
        raw=data,
    )
