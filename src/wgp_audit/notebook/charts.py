"""Pure Altair chart builders for audit reports, with one registered theme and offline rendering.

Builders take polars DataFrames and return Altair charts; nothing here reads files or touches the
network. Call `enable_offline_rendering()` once in a notebook's import cell: it registers and
enables the wgp-audit theme and switches Altair to the vl-convert SVG renderer, so charts show in
JupyterLab and in exported HTML without any CDN.

Charts are written for readers: every axis and legend has a title in words (with its unit where
it has one), month axes show the year, counts and whole days get integer ticks, each category of
a chart gets a colour of its own, and a histogram against a limit places its bins so that no bar
straddles the limit and colours each bar by the side it falls on.
"""

from __future__ import annotations

import math
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

#: Colours for the categories of one chart: Okabe-Ito without vermillion (kept for limits and
#: lateness), then dark colours of Paul Tol's muted scheme, yellow last (weak on white).
CATEGORY_PALETTE: Final[tuple[str, ...]] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#332288",  # indigo
    "#117733",  # green
    "#882255",  # wine
    "#999933",  # olive
    "#AA4499",  # purple
    "#F0E442",  # yellow
)

#: The colour of the category that gathers the smallest categories when there are more than colours.
OTHER_COLOR: Final = "#9E9E9E"

#: The name of the category gathering the smallest ones (see `fold_categories`).
OTHER: Final = "all others"

#: Severity colours (Okabe-Ito), in the order high, medium, low.
SEVERITY_COLORS: Final[dict[str, str]] = {
    "high": "#D55E00",  # vermillion
    "medium": "#E69F00",  # orange
    "low": "#56B4E9",  # sky blue
}

#: Colour of reference rules (legal limits, deadlines) and of what falls past them.
LIMIT_COLOR: Final = "#D55E00"

#: Axis settings for counts and whole days: ticks at integers only, printed without decimals.
INTEGER_AXIS: Final[dict[str, Any]] = {"tickMinStep": 1, "format": "d"}

#: Up to this span an integer axis lists its ticks (Vega's tickMinStep still gives halves under 3).
_LISTED_TICKS: Final = 12

#: Axis settings for months: one tick a month at most, labelled like "Jan 2026".
MONTH_AXIS: Final[dict[str, Any]] = {"format": "%b %Y", "formatType": "time", "labelAngle": -45}

_WIDTH: Final = 560
_HEIGHT: Final = 280
_FONT: Final = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def theme_config() -> alt.theme.ThemeConfig:
    """Return the wgp-audit theme: readable fonts, light grid, the colour-blind safe palette."""
    return {
        "config": {
            "font": _FONT,
            "view": {"continuousWidth": _WIDTH, "continuousHeight": _HEIGHT, "stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "offset": 10, "subtitleColor": "#555555"},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "gridColor": "#e6e6e6",
                "domainColor": "#888888",
                "tickColor": "#888888",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 13},
            "range": {"category": list(CATEGORY_PALETTE)},
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


def words(column: str) -> str:
    """A column name as words for a title: `working_days_taken` -> "Working days taken"."""
    text = column.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def integer_axis(low: float, high: float, **settings: Any) -> alt.Axis:
    """An axis for counts or whole days from `low` to `high`: ticks at whole numbers only.

    Vega's `tickMinStep` alone still ticks at halves when the domain spans under 3 (labelled
    "0 1 1 2 2" with format "d"), so a short axis lists its ticks.
    """
    first, last = math.ceil(min(low, high)), math.floor(max(low, high))
    if last - first <= _LISTED_TICKS:
        return alt.Axis(values=list(range(first, last + 1)), **INTEGER_AXIS, **settings)
    return alt.Axis(**INTEGER_AXIS, **settings)


def chart_title(title: str, note: str | None = None) -> alt.TitleParams:
    """The title of a chart, with `note` (e.g. what was not audited) as its subtitle."""
    if note:
        return alt.TitleParams(text=title, subtitle=note)
    return alt.TitleParams(text=title)


def severity_scale() -> alt.Scale:
    """Return a colour scale mapping severities high/medium/low to their fixed colours."""
    return alt.Scale(domain=list(SEVERITY_COLORS), range=list(SEVERITY_COLORS.values()))


def category_scale(categories: Sequence[str]) -> alt.Scale:
    """A colour scale giving each of `categories` (in order) a colour of its own.

    More categories than colours is refused: fold the smallest into one with `fold_categories`.
    """
    names = [c for c in dict.fromkeys(categories) if c != OTHER]
    if len(names) > len(CATEGORY_PALETTE):
        raise ReportError(
            f"{len(names)} categories but only {len(CATEGORY_PALETTE)} distinct colours",
            hint="fold the smallest categories into one with wgp_audit.notebook.charts.fold_categories",
        )
    domain, colours = names, list(CATEGORY_PALETTE[: len(names)])
    if OTHER in categories:
        domain, colours = [*names, OTHER], [*colours, OTHER_COLOR]
    return alt.Scale(domain=domain, range=colours)


def fold_categories(df: pl.DataFrame, column: str, weight: str | None = None) -> pl.DataFrame:
    """Keep the categories of `column` that have a colour of their own, the largest first (by
    the sum of `weight`, or rows); rename the rest to "all others" so no colour repeats."""
    totals = df.group_by(column).agg((pl.col(weight).sum() if weight else pl.len()).alias("_total"))
    if totals.height <= len(CATEGORY_PALETTE):
        return df
    keep = (
        totals.sort(["_total", column], descending=[True, False])
        .head(len(CATEGORY_PALETTE) - 1)[column]
        .to_list()
    )
    return df.with_columns(
        pl.when(pl.col(column).is_in(keep)).then(pl.col(column)).otherwise(pl.lit(OTHER)).alias(column)
    )


def no_data_chart(title: str, message: str = "No data", *, note: str | None = None) -> alt.Chart:
    """Return a chart that says explicitly that there is nothing to show."""
    chart: alt.Chart = (
        alt.Chart(pl.DataFrame({"message": [message]}), title=chart_title(title, note))
        .mark_text(fontSize=16, color="#555555")
        .encode(text="message:N")
        .properties(width=_WIDTH, height=60)
    )
    return chart


def not_audited_chart(title: str, missing: Sequence[str]) -> alt.Chart:
    """A chart saying that its subject was not audited because the source lacks `missing`."""
    return no_data_chart(title, f"Not audited: {', '.join(missing)} not provided")


def bar_by_category(
    df: pl.DataFrame,
    x: str,
    y: str,
    color: str | None = None,
    *,
    title: str = "",
    x_title: str | None = None,
    y_title: str | None = None,
    color_title: str | None = None,
    x_order: Sequence[str] | None = None,
) -> alt.Chart:
    """Return a bar chart of the count `y` per category `x`, optionally coloured (severity gets
    its fixed scale, other categories a colour each). Bars run largest first, or in `x_order`
    (e.g. runs oldest first)."""
    if df.is_empty():
        return no_data_chart(title)
    _require_columns(df, [x, y] + ([color] if color else []), title)
    if color and color != "severity":
        df = fold_categories(df, color, y)
    encodings: dict[str, Any] = {
        "x": alt.X(
            f"{x}:N",
            sort=list(x_order) if x_order is not None else "-y",
            title=x_title or words(x),
            axis=alt.Axis(labelAngle=0),
        ),
        "y": alt.Y(f"sum({y}):Q", title=y_title or words(y), axis=_count_axis(df, [x], y)),
        "tooltip": [x, y] + ([color] if color else []),
    }
    if color:
        encodings["color"] = _color(df, color, color_title)
    chart: alt.Chart = alt.Chart(df, title=chart_title(title)).mark_bar().encode(**encodings)
    return chart


def line_over_time(
    df: pl.DataFrame,
    x: str,
    y: str,
    color: str | None = None,
    *,
    title: str = "",
    rule_y: float | None = None,
    x_title: str = "Month",
    y_title: str | None = None,
    color_title: str | None = None,
    rule_label: str | None = None,
    note: str | None = None,
) -> alt.Chart | alt.LayerChart:
    """Return a line chart of `y` per month `x` (a date), with an optional labelled rule at `rule_y`."""
    if df.is_empty():
        return no_data_chart(title, note=note)
    _require_columns(df, [x, y] + ([color] if color else []), title)
    encodings: dict[str, Any] = {
        "x": alt.X(f"yearmonth({x}):T", title=x_title, axis=alt.Axis(**MONTH_AXIS, tickCount="month")),
        "y": alt.Y(f"{y}:Q", title=y_title or words(y)),
        "tooltip": [alt.Tooltip(f"yearmonth({x}):T", title=x_title, format="%b %Y"), y]
        + ([color] if color else []),
    }
    if color:
        encodings["color"] = _color(df, color, color_title)
    line: alt.Chart = alt.Chart(df, title=chart_title(title, note)).mark_line(point=True).encode(**encodings)
    if rule_y is None:
        return line
    label = rule_label or f"{rule_y:g}"
    rule: alt.Chart = (
        alt.Chart(pl.DataFrame({"limit": [rule_y], "label": [label]}))
        .mark_rule(color=LIMIT_COLOR, strokeDash=[6, 4], strokeWidth=2)
        .encode(y="limit:Q")
    )
    text: alt.Chart = (
        alt.Chart(pl.DataFrame({"limit": [rule_y], "label": [label]}))
        .mark_text(color=LIMIT_COLOR, align="left", baseline="bottom", dy=-3, fontSize=12)
        .encode(y="limit:Q", x=alt.value(4), text="label:N")
    )
    return alt.LayerChart(layer=[line, rule, text])


def histogram_bins(
    df: pl.DataFrame,
    value_col: str,
    limit: float,
    *,
    bins: int = 30,
    weight_col: str | None = None,
    integer: bool = True,
    within_label: str = "within the limit",
    over_label: str = "over the limit",
) -> pl.DataFrame:
    """Count `value_col` (each row weighing `weight_col`, or 1) in bins placed against `limit`.

    A value is within when it is at most `limit`. One bin edge sits on the limit, so no bin holds
    values of both sides: for whole numbers (`integer`) the edge is `limit + 0.5` and a bin one
    unit wide is centred on its number; otherwise the bins are (start, end] with `limit` an end.
    The bins cover the values and the limit, at most `bins` + 1 of them. Returns the columns
    start, end, position (`within_label` or `over_label`) and rows, non-empty bins only.
    """
    weight = pl.col(weight_col).cast(pl.Int64) if weight_col else pl.lit(1, pl.Int64)
    values = df.select(pl.col(value_col).cast(pl.Float64).alias("v"), weight.alias("w")).drop_nulls()
    schema = {"start": pl.Float64, "end": pl.Float64, "position": pl.String, "rows": pl.Int64}
    if values.is_empty():
        return pl.DataFrame(schema=schema)
    lo = min(float(values["v"].min()), limit)  # type: ignore[arg-type]
    hi = max(float(values["v"].max()), limit)  # type: ignore[arg-type]
    edge = limit + 0.5 if integer else limit
    span = (hi - lo + 1) if integer else (hi - lo)
    width = float(max(math.ceil(span / max(bins, 1)), 1)) if integer else (span / max(bins, 1) or 1.0)
    return (
        values.with_columns(index=((pl.col("v") - edge) / width).ceil() - 1)
        .group_by("index")
        .agg(rows=pl.col("w").sum())
        .filter(pl.col("rows") > 0)
        .select(
            start=edge + pl.col("index") * width,
            end=edge + (pl.col("index") + 1) * width,
            position=pl.when(pl.col("index") >= 0).then(pl.lit(over_label)).otherwise(pl.lit(within_label)),
            rows=pl.col("rows").cast(pl.Int64),
        )
        .sort("start")
    )


def histogram_against_limit(
    df: pl.DataFrame,
    value_col: str,
    limit: float,
    *,
    title: str = "",
    bins: int = 30,
    weight_col: str | None = None,
    integer: bool = True,
    value_title: str | None = None,
    count_title: str = "Records",
    within_label: str | None = None,
    over_label: str = "over the limit",
    limit_label: str | None = None,
    note: str | None = None,
) -> alt.LayerChart | alt.Chart:
    """Return a histogram of `value_col` against `limit`: bars coloured by the side of the limit
    they fall on (see `histogram_bins`), and a dashed rule at the limit labelled `limit_label`.

    The bins are counted in polars, so the chart carries at most `bins` + 1 rows whatever the size
    of the data (Altair refuses more than 5,000 rows, and a report should not embed every record).
    Pass `weight_col` when each row stands for that many records (counted in DuckDB beforehand).
    """
    if df.is_empty():
        return no_data_chart(title, note=note)
    _require_columns(df, [value_col] + ([weight_col] if weight_col else []), title)
    within = within_label or f"within {limit:g}"
    data = histogram_bins(
        df,
        value_col,
        limit,
        bins=bins,
        weight_col=weight_col,
        integer=integer,
        within_label=within,
        over_label=over_label,
    )
    if data.is_empty():
        return no_data_chart(title, note=note)
    edge = limit + 0.5 if integer else limit
    low, high = float(data["start"].min()), float(data["end"].max())  # type: ignore[arg-type]
    low, high = min(low, edge), max(high, edge)
    value_axis = integer_axis(low, high) if integer else alt.Axis()
    top = int(data["rows"].max())  # type: ignore[arg-type]
    bars: alt.Chart = (
        alt.Chart(data, title=chart_title(title, note))
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("start:Q", title=value_title or words(value_col), axis=value_axis),
            x2="end:Q",
            y=alt.Y(
                "rows:Q",
                title=count_title,
                axis=integer_axis(0, top),
                # room above the tallest bar for the limit's label
                scale=alt.Scale(zero=True, domainMax=top * 1.15),
            ),
            y2=alt.datum(0),
            color=alt.Color(
                "position:N",
                scale=alt.Scale(domain=[within, over_label], range=[PALETTE[0], LIMIT_COLOR]),
                title=None,
            ),
            tooltip=[
                alt.Tooltip("position:N", title="Side of the limit"),
                alt.Tooltip("rows:Q", title=count_title, format="d"),
            ],
        )
    )
    marker = pl.DataFrame({"edge": [edge], "label": [limit_label or f"limit: {limit:g}"]})
    rule: alt.Chart = (
        alt.Chart(marker).mark_rule(color=LIMIT_COLOR, strokeDash=[6, 4], strokeWidth=2).encode(x="edge:Q")
    )
    text: alt.Chart = (
        alt.Chart(marker)
        .mark_text(
            color=LIMIT_COLOR,
            # written on the side of the rule with more room
            align="left" if edge - low < high - edge else "right",
            dx=4 if edge - low < high - edge else -4,
            baseline="top",
            fontSize=12,
        )
        .encode(x="edge:Q", y=alt.value(2), text="label:N")
    )
    return alt.LayerChart(layer=[bars, rule, text])


def stacked_by_month(
    df: pl.DataFrame,
    month_col: str,
    value_col: str,
    color_col: str,
    *,
    title: str = "",
    value_title: str | None = None,
    color_title: str | None = None,
    note: str | None = None,
) -> alt.Chart:
    """Return bars of the count `value_col` per month (a date), stacked by `color_col` (severity
    gets its fixed scale, other categories a colour each)."""
    if df.is_empty():
        return no_data_chart(title, note=note)
    _require_columns(df, [month_col, value_col, color_col], title)
    if color_col != "severity":
        df = fold_categories(df, color_col, value_col)
    chart: alt.Chart = (
        alt.Chart(df, title=chart_title(title, note))
        .mark_bar()
        .encode(
            x=alt.X(f"yearmonth({month_col}):T", title="Month", axis=alt.Axis(**MONTH_AXIS)),
            y=alt.Y(
                f"sum({value_col}):Q",
                title=value_title or words(value_col),
                stack="zero",
                axis=_count_axis(df, [month_col], value_col),
            ),
            color=_color(df, color_col, color_title),
            tooltip=[
                alt.Tooltip(f"yearmonth({month_col}):T", title="Month", format="%b %Y"),
                alt.Tooltip(f"sum({value_col}):Q", title=value_title or words(value_col), format="d"),
                alt.Tooltip(f"{color_col}:N", title=color_title or words(color_col)),
            ],
        )
    )
    return chart


def counts_over_time(
    df: pl.DataFrame,
    time_col: str,
    count_col: str,
    *,
    title: str = "",
    time_title: str,
    count_title: str,
    period_format: str = "%d %b %Y",
    note: str | None = None,
) -> alt.Chart:
    """Return a stepped area of the count `count_col` per period `time_col` (a datetime).

    The axis shows dates with the year; a tooltip shows each period as `period_format`.
    Give every period of the span, zeros included (see `fill_periods`): a stretch at zero is
    then a gap the reader sees, where a line would bridge it.
    """
    if df.is_empty():
        return no_data_chart(title, note=note)
    _require_columns(df, [time_col, count_col], title)
    top = df[count_col].max()
    chart: alt.Chart = (
        alt.Chart(df, title=chart_title(title, note))
        .mark_area(interpolate="step-after", line=True, opacity=0.6)
        .encode(
            x=alt.X(f"{time_col}:T", title=time_title, axis=alt.Axis(format="%d %b %Y", labelAngle=-45)),
            y=alt.Y(f"{count_col}:Q", title=count_title, axis=integer_axis(0, float(top or 0))),  # type: ignore[arg-type]
            tooltip=[
                alt.Tooltip(f"{time_col}:T", title=time_title, format=period_format),
                alt.Tooltip(f"{count_col}:Q", title=count_title, format="d"),
            ],
        )
    )
    return chart


def fill_periods(df: pl.DataFrame, time_col: str, count_col: str, every: str) -> pl.DataFrame:
    """Sum `count_col` per period of length `every` ("1h", "1d", "1w") and add the periods of the
    span that have none, with a count of 0."""
    if df.is_empty():
        return df
    summed = (
        df.with_columns(pl.col(time_col).dt.truncate(every)).group_by(time_col).agg(pl.col(count_col).sum())
    )
    bounds = summed.select(first=pl.col(time_col).min(), last=pl.col(time_col).max())
    span = bounds.select(
        pl.datetime_range(pl.col("first").first(), pl.col("last").first(), every).alias(time_col)
    )
    return (
        span.join(summed, on=time_col, how="left").with_columns(pl.col(count_col).fill_null(0)).sort(time_col)
    )


def _count_axis(df: pl.DataFrame, by: list[str], value: str) -> alt.Axis:
    """An integer axis for the sums of `value` per `by` (bars stacked at one position)."""
    top = df.group_by(by).agg(pl.col(value).sum())[value].max()
    return integer_axis(0, float(top) if top is not None else 0.0)  # type: ignore[arg-type]


def _color(df: pl.DataFrame, column: str, title: str | None) -> alt.Color:
    """The colour encoding for `column`: the fixed severity scale, else one colour per category."""
    if column == "severity":
        return alt.Color(f"{column}:N", scale=severity_scale(), title=title or "Severity")
    categories = sorted(str(v) for v in df[column].drop_nulls().unique().to_list())
    return alt.Color(f"{column}:N", scale=category_scale(categories), title=title or words(column))


def _require_columns(df: pl.DataFrame, columns: Sequence[str], title: str) -> None:
    """Raise ReportError naming the chart and the columns missing from `df`."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ReportError(
            f"chart {title!r}: column(s) {missing} not in the data (has {df.columns})",
            hint="pass the names of existing columns to the chart builder",
        )
