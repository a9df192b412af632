"""Pure Altair chart builders for audit reports, with one registered theme and offline rendering.

Builders take polars DataFrames and return Altair charts; nothing here reads files or touches the
network. Call `enable_offline_rendering()` once in a notebook's import cell: it registers and
enables the wgp-audit theme and switches Altair to the vl-convert SVG renderer, so charts show in
JupyterLab and in exported HTML without any CDN.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import altair as alt
import polars as pl

from wgp_audit.errors import ReportError

THEME_NAME: Final = "wgp-audit"

#: Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE: Final[tuple[str, ...]] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Severity colours (Okabe-Ito), in the order high, medium, low.
SEVERITY_COLORS: Final[dict[str, str]] = {
    "high": "#D55E00",  # vermillion
    "medium": "#E69F00",  # orange
    "low": "#56B4E9",  # sky blue
}

#: Colour of reference rules (legal limits, deadlines).
LIMIT_COLOR: Final = "#D55E00"

_WIDTH: Final = 560
_HEIGHT: Final = 280
_FONT: Final = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def theme_config() -> alt.theme.ThemeConfig:
    """Return the wgp-audit theme: readable fonts, light grid, the colour-blind safe palette."""
    return {
        "config": {
            "font": _FONT,
            "view": {"continuousWidth": _WIDTH, "continuousHeight": _HEIGHT, "stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "offset": 10},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "gridColor": "#e6e6e6",
                "domainColor": "#888888",
                "tickColor": "#888888",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 13},
            "range": {"category": list(PALETTE)},
            "bar": {"color": PALETTE[0]},
            "line": {"color": PALETTE[0], "strokeWidth": 2},
            "point": {"color": PALETTE[0]},
        }
    }


def use_theme() -> None:
    """Register the wgp-audit theme with Altair (idempotent) and make it the active theme."""
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(theme_config)
    alt.theme.enable(THEME_NAME)


def enable_offline_rendering() -> None:
    """Enable the wgp-audit theme and the vl-convert SVG renderer (no network needed)."""
    use_theme()
    alt.renderers.enable("svg")


def severity_scale() -> alt.Scale:
    """Return a colour scale mapping severities high/medium/low to their fixed colours."""
    return alt.Scale(domain=list(SEVERITY_COLORS), range=list(SEVERITY_COLORS.values()))


def no_data_chart(title: str, message: str = "No data") -> alt.Chart:
    """Return a chart that says explicitly that there is nothing to show."""
    chart: alt.Chart = (
        alt.Chart(pl.DataFrame({"message": [message]}), title=title)
        .mark_text(fontSize=16, color="#555555")
        .encode(text="message:N")
        .properties(width=_WIDTH, height=60)
    )
    return chart


def bar_by_category(
    df: pl.DataFrame, x: str, y: str, color: str | None = None, *, title: str = ""
) -> alt.Chart:
    """Return a bar chart of `y` per category `x`, optionally coloured (severity gets its scale)."""
    if df.is_empty():
        return no_data_chart(title)
    _require_columns(df, [x, y] + ([color] if color else []), title)
    encodings: dict[str, Any] = {
        "x": alt.X(f"{x}:N", sort="-y", title=x),
        "y": alt.Y(f"{y}:Q", title=y),
        "tooltip": [x, y] + ([color] if color else []),
    }
    if color:
        encodings["color"] = _color(color)
    chart: alt.Chart = alt.Chart(df, title=title).mark_bar().encode(**encodings)
    return chart


def line_over_time(
    df: pl.DataFrame,
    x: str,
    y: str,
    color: str | None = None,
    *,
    title: str = "",
    rule_y: float | None = None,
) -> alt.Chart | alt.LayerChart:
    """Return a line chart of `y` over the temporal `x`, with an optional rule at `rule_y`."""
    if df.is_empty():
        return no_data_chart(title)
    _require_columns(df, [x, y] + ([color] if color else []), title)
    encodings: dict[str, Any] = {
        "x": alt.X(f"{x}:T", title=x),
        "y": alt.Y(f"{y}:Q", title=y),
        "tooltip": [x, y] + ([color] if color else []),
    }
    if color:
        encodings["color"] = _color(color)
    line: alt.Chart = alt.Chart(df, title=title).mark_line(point=True).encode(**encodings)
    if rule_y is None:
        return line
    return alt.LayerChart(layer=[line, _rule_y(rule_y)])


def histogram_against_limit(
    df: pl.DataFrame, value_col: str, limit: float, *, title: str = "", bins: int = 30
) -> alt.LayerChart | alt.Chart:
    """Return a histogram of `value_col` with a rule at `limit`; bars past it are marked.

    The bins are counted in polars, so the chart carries at most 2 x `bins` rows whatever the size
    of the data (Altair refuses more than 5,000 rows, and a report should not embed every record).
    """
    if df.is_empty():
        return no_data_chart(title)
    _require_columns(df, [value_col], title)
    values = df.select(pl.col(value_col).cast(pl.Float64)).drop_nulls()
    if values.is_empty():
        return no_data_chart(title)
    lo, hi = float(values[value_col].min()), float(values[value_col].max())  # type: ignore[arg-type]
    width = max((hi - lo) / max(bins, 1), 1.0)
    data = (
        values.with_columns(
            start=(((pl.col(value_col) - lo) / width).floor() * width + lo),
            position=pl.when(pl.col(value_col) > limit)
            .then(pl.lit("over the limit"))
            .otherwise(pl.lit("within the limit")),
        )
        .group_by("start", "position")
        .agg(rows=pl.len())
        .with_columns(end=pl.col("start") + width)
        .sort("start", "position")
    )
    bars: alt.Chart = (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("start:Q", bin="binned", title=value_col),
            x2="end:Q",
            y=alt.Y("rows:Q", title="rows", stack=True, axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "position:N",
                scale=alt.Scale(
                    domain=["within the limit", "over the limit"],
                    range=[PALETTE[0], LIMIT_COLOR],
                ),
                title=f"limit {limit:g}",
            ),
        )
    )
    rule: alt.Chart = (
        alt.Chart(pl.DataFrame({"limit": [limit]}))
        .mark_rule(color=LIMIT_COLOR, strokeDash=[6, 4], strokeWidth=2)
        .encode(x="limit:Q")
    )
    return alt.LayerChart(layer=[bars, rule])


def stacked_by_month(
    df: pl.DataFrame, month_col: str, value_col: str, color_col: str, *, title: str = ""
) -> alt.Chart:
    """Return bars of `value_col` per month, stacked by `color_col` (severity gets its scale)."""
    if df.is_empty():
        return no_data_chart(title)
    _require_columns(df, [month_col, value_col, color_col], title)
    chart: alt.Chart = (
        alt.Chart(df, title=title)
        .mark_bar()
        .encode(
            x=alt.X(f"yearmonth({month_col}):O", title="month"),
            y=alt.Y(f"sum({value_col}):Q", title=value_col, stack="zero"),
            color=_color(color_col),
            tooltip=[month_col, value_col, color_col],
        )
    )
    return chart


def _color(column: str) -> alt.Color:
    """Return the colour encoding for `column`, using the fixed severity scale for `severity`."""
    if column == "severity":
        return alt.Color(f"{column}:N", scale=severity_scale(), title=column)
    return alt.Color(f"{column}:N", title=column)


def _rule_y(value: float) -> alt.Chart:
    """Return a dashed horizontal rule at `value` in the limit colour."""
    chart: alt.Chart = (
        alt.Chart(pl.DataFrame({"limit": [value]}))
        .mark_rule(color=LIMIT_COLOR, strokeDash=[6, 4], strokeWidth=2)
        .encode(y="limit:Q")
    )
    return chart


def _require_columns(df: pl.DataFrame, columns: Sequence[str], title: str) -> None:
    """Raise ReportError naming the chart and the columns missing from `df`."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ReportError(
            f"chart {title!r}: column(s) {missing} not in the data (has {df.columns})",
            hint="pass the names of existing columns to the chart builder",
        )
