"""Report tables a reader can work with offline: sort, filter, search, local times with their zone.

The script and style in `static/` are inlined into every page (nothing is fetched): the nbconvert
template puts them into the area pages, `assets()` into the run pages. Table cells holding a time
(notebook tables show the audit's local time, YYYY-MM-DD HH:MM) get the operator's time zone named
beside them, e.g. "2026-10-01 14:00 (Asia/Atyrau)".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final

STATIC_DIR: Final = Path(__file__).parent / "static"
_TIME_CELL: Final = re.compile(r"(<td>)(\d{4}-\d{2}-\d{2} \d{2}:\d{2})(</td>)")


@cache
def script() -> str:
    """The sort/filter script (plain JavaScript, no library)."""
    return (STATIC_DIR / "tables.js").read_text(encoding="utf-8")


@cache
def style() -> str:
    """The tables' style: left-aligned text, ids on one line, the sort marks and the filter box."""
    return (STATIC_DIR / "tables.css").read_text(encoding="utf-8")


def assets() -> str:
    """The style and the script as inline HTML, for a page that has none of its own."""
    return f"<style>{style()}</style><script>{script()}</script>"


def name_time_zone(page: str, time_zone: str) -> str:
    """Every table cell that holds a local time gets its zone: '2026-10-01 14:00 (Asia/Atyrau)'."""
    return _TIME_CELL.sub(lambda m: f"{m[1]}{m[2]} ({time_zone}){m[3]}", page)


def notebook_time_zone(nb: Mapping[str, Any]) -> str:
    """The operator's time zone for an executed notebook: its yardstick's (the default one if the
    notebook was run without a config)."""
    from wgp_audit.config import load_yardstick

    parameters = nb.get("metadata", {}).get("papermill", {}).get("parameters") or {}
    config = parameters.get("config")
    return load_yardstick(str(config) if config else None).time_zone
