"""Behaviour of wgp_audit.charts: builders render offline from polars frames, empty frames too."""

from __future__ import annotations

import datetime as dt

import altair as alt
import polars as pl
import pytest
import vl_convert as vlc

from wgp_audit import charts
from wgp_audit.errors import ReportError

FINDINGS = pl.DataFrame(
    {"area": ["retention", "consent", "access"], "n": [3, 5, 1], "severity": ["high", "low", "medium"]}
)
MONTHLY = pl.DataFrame(
    {
        "month": [dt.date(2025, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 2, 1)],
        "requests": [4, 2, 7],
        "severity": ["high", "low", "medium"],
    }
)


def _svg(chart: alt.TopLevelMixin) -> str:
    return str(vlc.vegalite_to_svg(chart.to_dict()))


@pytest.mark.parametrize(
    "build",
    [
        lambda df: charts.bar_by_category(df, "area", "n", color="severity", title="Findings"),
        lambda df: charts.line_over_time(df, "month", "requests", title="Requests", rule_y=5),
        lambda df: charts.histogram_against_limit(df, "requests", 5, title="Handling days"),
        lambda df: charts.stacked_by_month(df, "month", "requests", "severity", title="By month"),
    ],
    ids=["bar", "line", "histogram", "stacked"],
)
def test_every_builder_renders_an_explicit_no_data_chart_for_an_empty_frame(build) -> None:  # type: ignore[no-untyped-def]
    svg = _svg(build(pl.DataFrame()))
    assert "No data" in svg


def test_bar_by_category_colours_severity_with_the_fixed_palette() -> None:
    svg = _svg(charts.bar_by_category(FINDINGS, "area", "n", color="severity", title="Findings"))
    for colour in charts.SEVERITY_COLORS.values():
        assert colour.lower() in svg.lower()
    assert "Findings" in svg


def test_line_over_time_draws_the_limit_rule() -> None:
    chart = charts.line_over_time(MONTHLY, "month", "requests", rule_y=5, title="Requests")
    assert isinstance(chart, alt.LayerChart)
    assert charts.LIMIT_COLOR.lower() in _svg(chart).lower()


def test_histogram_marks_values_over_the_limit() -> None:
    ages = pl.DataFrame({"age_days": [10, 400, 900, 1200, 3000]})
    svg = _svg(charts.histogram_against_limit(ages, "age_days", 1095, title="Retention ages"))
    assert "over the limit" in svg and "within the limit" in svg


def test_stacked_by_month_renders_months_from_polars_dates() -> None:
    svg = _svg(charts.stacked_by_month(MONTHLY, "month", "requests", "severity", title="By month"))
    assert "By month" in svg and "<path" in svg


def test_missing_column_raises_report_error_naming_it() -> None:
    with pytest.raises(ReportError, match="'nope'"):
        charts.bar_by_category(FINDINGS, "nope", "n", title="Findings")


def test_enable_offline_rendering_selects_svg_renderer_and_theme() -> None:
    previous_renderer, previous_theme = alt.renderers.active, alt.theme.active
    try:
        charts.enable_offline_rendering()
        assert alt.renderers.active == "svg"
        assert alt.theme.active == charts.THEME_NAME
        bundle = charts.bar_by_category(FINDINGS, "area", "n", title="t")._repr_mimebundle_()
        assert isinstance(bundle, dict) and "image/svg+xml" in bundle
    finally:
        alt.renderers.enable(previous_renderer)
        alt.theme.enable(previous_theme)


def test_histogram_of_many_records_carries_binned_rows_only() -> None:
    ages = pl.DataFrame({"age_days": list(range(20_000))})
    chart = charts.histogram_against_limit(ages, "age_days", 10_000, title="Retention ages", bins=30)
    spec = chart.to_dict()
    rows = sum(len(v) for v in spec.get("datasets", {}).values())
    assert 0 < rows <= 2 * 31
    assert "over the limit" in _svg(chart)
