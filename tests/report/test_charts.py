"""Behaviour of the chart helpers: builders render offline from polars frames, read for readers
(titles in words, years on month axes, whole-number ticks, distinct colours, bars placed and
coloured by the side of a deadline), and the area charts read fixed mart schemas, failing loudly
on a missing view or column and saying "not audited" only for a contract table the source lacks.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import altair as alt
import duckdb
import polars as pl
import pytest
import vl_convert as vlc

from wgp_audit.audit import Audit, open_audit
from wgp_audit.checks import CheckSpec, Severity
from wgp_audit.demo.dataset import Dataset
from wgp_audit.demo.writer import write_duckdb
from wgp_audit.errors import ReportError
from wgp_audit.findings import CheckResult, Finding, Outcome
from wgp_audit.notebook import area_charts, charts
from wgp_audit.sqlhouse import LOG_VIEWS, view_files

FINDINGS = pl.DataFrame(
    {"area": ["retention", "consent", "access"], "n": [3, 5, 1], "severity": ["high", "low", "medium"]}
)
MONTHLY = pl.DataFrame(
    {
        "month": [dt.date(2025, 12, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1)],
        "requests": [4, 2, 7],
        "severity": ["high", "low", "medium"],
    }
)


def _svg(chart: alt.TopLevelMixin) -> str:
    return str(vlc.vegalite_to_svg(chart.to_dict()))


def _encodings(spec: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (channel, encoding) in a Vega-Lite spec, through layers and concatenations."""
    if isinstance(spec, dict):
        for channel, enc in spec.get("encoding", {}).items():
            if isinstance(enc, dict):
                yield channel, enc
        for key in ("layer", "vconcat", "hconcat", "concat"):
            for part in spec.get(key, []):
                yield from _encodings(part)


def _rows(spec: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The inline data rows of a spec that hold the column `key`."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows if key in row]


def _is_integer_axis(axis: dict[str, Any]) -> bool:
    if "values" in axis:
        return all(isinstance(v, int) for v in axis["values"]) and axis.get("format") == "d"
    return axis.get("tickMinStep") == 1 and axis.get("format") == "d"


# --- builders ---------------------------------------------------------------------------------------


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


def test_bar_by_category_keeps_a_given_order_of_bars() -> None:
    runs = pl.DataFrame({"run": ["r1", "r2", "r3"], "findings": [5, 9, 2]})
    chart = charts.bar_by_category(runs, "run", "findings", title="t", x_order=["r1", "r2", "r3"])
    assert dict(_encodings(chart.to_dict()))["x"]["sort"] == ["r1", "r2", "r3"]
    assert (
        dict(_encodings(charts.bar_by_category(runs, "run", "findings", title="t").to_dict()))["x"]["sort"]
        == "-y"
    )


def test_line_over_time_draws_the_limit_rule_with_its_label() -> None:
    chart = charts.line_over_time(MONTHLY, "month", "requests", rule_y=5, rule_label="the limit", title="R")
    assert isinstance(chart, alt.LayerChart)
    svg = _svg(chart)
    assert charts.LIMIT_COLOR.lower() in svg.lower() and "the limit" in svg


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
    bars = _rows(chart.to_dict(), "position")
    assert 0 < len(bars) <= 31
    assert sum(b["rows"] for b in bars) == 20_000
    assert "over the limit" in _svg(chart)


# --- for readers --------------------------------------------------------------------------------


READER_CHARTS = {
    "bar": lambda: charts.bar_by_category(
        pl.DataFrame({"check_id": ["RET-1", "DSR-2"], "finding_count": [2, 1], "severity": ["high", "low"]}),
        "check_id",
        "finding_count",
        "severity",
        title="t",
    ),
    "line": lambda: charts.line_over_time(
        MONTHLY.rename({"requests": "covered_pct"}), "month", "covered_pct", "severity", title="t", rule_y=5
    ),
    "histogram": lambda: charts.histogram_against_limit(
        pl.DataFrame({"working_days_taken": [1, 2, 7]}), "working_days_taken", 3, title="t"
    ),
    "stacked": lambda: charts.stacked_by_month(
        MONTHLY.rename({"requests": "request_count", "severity": "request_kind"}),
        "month",
        "request_count",
        "request_kind",
        title="t",
    ),
}


@pytest.mark.parametrize("name", READER_CHARTS)
def test_axis_and_legend_titles_are_words_not_column_names(name: str) -> None:
    spec = READER_CHARTS[name]().to_dict()
    titled = [(channel, enc) for channel, enc in _encodings(spec) if channel in ("x", "y", "color")]
    titled = [(c, e) for c, e in titled if "field" in e and e["field"] not in ("edge", "limit", "position")]
    assert titled
    for channel, enc in titled:
        assert enc.get("title"), f"{channel} of {name} has no title"
        assert "_" not in enc["title"] and enc["title"] != enc["field"], (channel, enc["title"])


def test_named_titles_with_units_reach_the_rendered_chart() -> None:
    chart = charts.histogram_against_limit(
        pl.DataFrame({"days": [1, 2, 5]}),
        "days",
        3,
        title="Access requests",
        value_title="Working days taken",
        count_title="Requests",
    )
    svg = _svg(chart)
    assert "Working days taken" in svg and "Requests" in svg


@pytest.mark.parametrize("name", ["bar", "histogram", "stacked"])
def test_counts_and_whole_days_get_integer_ticks(name: str) -> None:
    spec = READER_CHARTS[name]().to_dict()
    axes = {c: e.get("axis", {}) for c, e in _encodings(spec) if e.get("field") in ("rows", "finding_count")}
    axes |= {
        c: e.get("axis", {})
        for c, e in _encodings(spec)
        if e.get("field", "") in ("start", "request_count", "finding_count")
    }
    assert axes, spec
    for channel, axis in axes.items():
        assert _is_integer_axis(axis), (name, channel, axis)


def test_a_short_count_axis_lists_whole_ticks_that_vega_would_halve() -> None:
    chart = charts.histogram_against_limit(pl.DataFrame({"d": [1, 1, 5]}), "d", 3, title="t")
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", _svg(chart))
    assert "0.5" not in labels and "1.5" not in labels
    assert charts.integer_axis(0, 2).to_dict()["values"] == [0, 1, 2]
    long_axis = charts.integer_axis(0, 500).to_dict()
    assert "values" not in long_axis and _is_integer_axis(long_axis)


@pytest.mark.parametrize("name", ["line", "stacked"])
def test_month_axes_show_the_year(name: str) -> None:
    chart = READER_CHARTS[name]()
    (x_axis,) = [e["axis"] for c, e in _encodings(chart.to_dict()) if c == "x" and "axis" in e]
    assert "%Y" in x_axis["format"]
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", _svg(chart))
    assert "Dec 2025" in labels and "Jan 2026" in labels


def test_each_category_gets_a_colour_of_its_own() -> None:
    kinds = [f"kind {i}" for i in range(10)]
    frame = pl.DataFrame(
        {"month": [dt.date(2026, 1 + i % 3, 1) for i in range(10)], "n": list(range(1, 11)), "kind": kinds}
    )
    spec = charts.stacked_by_month(frame, "month", "n", "kind", title="t").to_dict()
    (scale,) = [e["scale"] for c, e in _encodings(spec) if c == "color"]
    assert sorted(scale["domain"]) == sorted(kinds)
    assert len(set(scale["range"])) == len(scale["range"]) == len(kinds)


def test_more_categories_than_colours_fold_the_smallest_into_one() -> None:
    many = len(charts.CATEGORY_PALETTE) + 4
    frame = pl.DataFrame({"area": [f"a{i}" for i in range(many)], "n": list(range(many, 0, -1))})
    frame = frame.with_columns(kind=pl.col("area"))
    spec = charts.bar_by_category(frame, "area", "n", "kind", title="t").to_dict()
    (scale,) = [e["scale"] for c, e in _encodings(spec) if c == "color"]
    assert len(scale["domain"]) == len(charts.CATEGORY_PALETTE)
    assert scale["domain"][-1] == charts.OTHER and "a0" in scale["domain"]
    assert len(set(scale["range"])) == len(scale["range"])
    with pytest.raises(ReportError, match="fold"):
        charts.category_scale([f"c{i}" for i in range(many)])


def test_histogram_bars_sit_on_one_side_of_the_deadline_and_are_coloured_by_it() -> None:
    days = pl.DataFrame({"days": [0, 1, 2, 3, 3, 4, 5, 8]})
    chart = charts.histogram_against_limit(
        days,
        "days",
        3,
        title="Access requests",
        within_label="within 3 working days",
        over_label="late",
        limit_label="deadline: 3 working days",
    )
    spec = chart.to_dict()
    bars = _rows(spec, "position")
    edge = 3.5  # between day 3 (on time) and day 4 (late)
    assert all(not (b["start"] < edge < b["end"]) for b in bars)
    assert all(b["position"] == ("within 3 working days" if b["end"] <= edge else "late") for b in bars)
    assert sum(b["rows"] for b in bars if b["position"] == "late") == 3
    assert sum(b["rows"] for b in bars if b["position"] != "late") == 5
    (colour,) = [e for c, e in _encodings(spec) if c == "color"]
    assert dict(zip(colour["scale"]["domain"], colour["scale"]["range"], strict=True)) == {
        "within 3 working days": charts.PALETTE[0],
        "late": charts.LIMIT_COLOR,
    }
    assert _rows(spec, "edge") == [{"edge": edge, "label": "deadline: 3 working days"}]
    assert "deadline: 3 working days" in _svg(chart)


def test_wide_bins_still_end_on_the_deadline() -> None:
    bins = charts.histogram_bins(pl.DataFrame({"d": list(range(0, 400))}), "d", 100, bins=10)
    assert bins.height <= 11
    assert any(b == 100.5 for b in bins["end"]) and all(
        not (s < 100.5 < e) for s, e in zip(bins["start"], bins["end"], strict=True)
    )
    assert bins.filter(pl.col("position") == "within the limit")["rows"].sum() == 101


def test_continuous_values_equal_to_the_limit_are_within_it() -> None:
    values = pl.DataFrame({"v": [1.0, 2.5, 3.0, 3.2, 7.9], "w": [1, 1, 2, 1, 1]})
    bins = charts.histogram_bins(values, "v", 3.0, integer=False, weight_col="w", bins=5)
    within = bins.filter(pl.col("position") == "within the limit")
    assert within["rows"].sum() == 4 and within["end"].max() == pytest.approx(3.0)
    assert bins.filter(pl.col("position") == "over the limit")["rows"].sum() == 2


def test_counts_over_time_fills_empty_periods_with_zero_so_gaps_show() -> None:
    at = [dt.datetime(2026, 2, 2, h, m) for h, m in ((0, 5), (0, 40), (1, 0), (4, 59))]
    filled = charts.fill_periods(pl.DataFrame({"t": at, "n": [2, 1, 2, 1]}), "t", "n", "1h")
    assert filled["n"].to_list() == [3, 2, 0, 0, 1]
    assert filled["t"].to_list() == [dt.datetime(2026, 2, 2, h) for h in range(5)]
    spec = charts.counts_over_time(
        filled, "t", "n", title="t", time_title="Hour", count_title="Lines"
    ).to_dict()
    enc = dict(_encodings(spec))
    assert (enc["x"]["title"], enc["y"]["title"]) == ("Hour", "Lines")
    assert "%Y" in enc["x"]["axis"]["format"] and _is_integer_axis(enc["y"]["axis"])


def test_findings_by_area_names_areas_in_words_with_whole_finding_counts() -> None:
    def result(check_id: str, area: str, severity: Severity, n: int) -> CheckResult:
        spec = CheckSpec(check_id, "t", "c", "l", severity, area, Path("x.sql"), "")
        found = tuple(Finding(check_id, f"k{i}", "r") for i in range(n))
        return CheckResult(spec, Outcome.FAIL, found)

    chart = area_charts.findings_by_area_chart(
        [result("LOG-1", "logs_cookies", Severity.HIGH, 2), result("DQ-1", "data_quality", Severity.LOW, 1)]
    )
    spec = chart.to_dict()
    assert {row["area"] for row in _rows(spec, "area")} == {"logs cookies", "data quality"}
    enc = dict(_encodings(spec))
    assert (enc["x"]["title"], enc["y"]["title"], enc["color"]["title"]) == ("Area", "Findings", "Severity")
    assert enc["y"]["axis"]["values"] == [0, 1, 2]


# --- area charts on fixed mart schemas ----------------------------------------------------------


def _utc(day: str, hour: int = 6) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


def _source(path: Path, drop: tuple[str, ...] = ()) -> Path:
    """A small source: five access requests received Mon 2 Feb 2026, answered after 1, 2, 3
    (on time against the yardstick's 3 working days), 5 and 8 working days (late)."""
    ds = Dataset(seed=0, as_of=_utc("2026-10-31"), start=_utc("2023-01-01"), rng=random.Random(0))
    for i, answered in enumerate(["2026-02-03", "2026-02-04", "2026-02-05", "2026-02-09", "2026-02-12"]):
        ds.add("users", user_id=f"u{i}", status="active", created_at=_utc("2025-01-01"))
        ds.add(
            "dsr_requests",
            request_id=f"r{i}",
            user_id=f"u{i}",
            kind="access",
            channel="email",
            received_at=_utc("2026-02-02"),
            identity_verified_at=_utc("2026-02-02"),
            answered_at=_utc(answered),
            outcome="granted",
        )
    write_duckdb(ds, path)
    con = duckdb.connect(str(path))
    for table in drop:
        con.execute(f"drop table {table}")
    con.close()
    return path


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Audit]:
    db = _source(tmp_path_factory.mktemp("charts") / "full.duckdb", drop=("destruction_records",))
    with open_audit(db, as_of="2026-10-31") as audit:
        yield audit


def test_request_chart_reads_its_mart_and_colours_late_requests(audited: Audit) -> None:
    chart = area_charts.request_handling_chart(audited)
    spec = chart.to_dict()
    bars = _rows(spec, "position")
    assert {(b["start"] + 0.5, b["position"]) for b in bars} == {
        (1, "within 3 working days"),
        (2, "within 3 working days"),
        (3, "within 3 working days"),
        (5, "late"),
        (8, "late"),
    }
    svg = _svg(chart)
    assert "Access requests: working days taken" in svg and "deadline: 3 working days" in svg


def test_an_absent_table_the_chart_can_do_without_is_named_in_its_subtitle(audited: Audit) -> None:
    svg = _svg(area_charts.request_handling_chart(audited))
    assert "Not audited in part: destruction_records not provided" in svg


def test_a_required_table_absent_from_the_source_gives_a_not_audited_chart(tmp_path: Path) -> None:
    db = _source(tmp_path / "partial.duckdb", drop=("dsr_requests", "consents"))
    with open_audit(db, as_of="2026-10-31") as audit:
        assert "dsr_requests" in audit.validation.gaps.tables
        request_svg = _svg(area_charts.request_handling_chart(audit))
        consent_svg = _svg(area_charts.consent_coverage_chart(audit, 5))
        assert area_charts.consent_coverage_frame(audit, 5) is None
    assert "Not audited: dsr_requests not provided" in request_svg
    assert "Not audited: consents not provided" in consent_svg


def test_a_view_reading_a_log_not_given_is_not_audited(audited: Audit) -> None:
    mart = area_charts.Mart("int_consent_moments", ("user_id",))
    assert "log_app" in area_charts.inputs_of("int_consent_moments")
    assert area_charts.not_provided(audited, mart)[0] == ["app logs"]


def test_a_missing_view_is_an_error_naming_it(tmp_path: Path) -> None:
    with open_audit(_source(tmp_path / "s.duckdb"), as_of="2026-10-31") as audit:
        audit.con.execute("drop view int_request_handling")
        with pytest.raises(ReportError, match="view int_request_handling does not exist") as caught:
            area_charts.request_handling_chart(audit)
    assert "intermediate/int_request_handling.sql" in str(caught.value)


def test_a_missing_column_is_an_error_naming_the_view_and_column(tmp_path: Path) -> None:
    with open_audit(_source(tmp_path / "s.duckdb"), as_of="2026-10-31") as audit:
        audit.con.execute(
            "create or replace view int_request_handling as"
            " select kind, 3 as deadline_working_days from stg_dsr_requests"
        )
        with pytest.raises(ReportError, match="int_request_handling has no column working_days_taken"):
            area_charts.request_handling_chart(audit)


def test_every_mart_names_a_view_of_the_sql_house_and_requires_only_its_inputs() -> None:
    views = {v.name for v in view_files()} | set(LOG_VIEWS)
    for mart in area_charts.MARTS:
        assert mart.view in views, mart
        assert set(mart.requires) <= area_charts.inputs_of(mart.view), mart


def test_log_activity_says_not_audited_for_logs_not_given_and_counts_lines_of_those_given(
    audited: Audit, tmp_path: Path
) -> None:
    svg = _svg(area_charts.log_activity_chart(audited))
    assert "Not audited: web logs not provided" in svg and "Not audited: app logs not provided" in svg
    web = tmp_path / "web"
    web.mkdir()
    line = '203.0.113.{i} - - [02/Feb/2026:{h:02d}:10:00 +0500] "GET /p HTTP/1.1" 200 12 "-" "UA"\n'
    (web / "access.log").write_text("".join(line.format(i=i, h=h) for i, h in enumerate((9, 9, 12))))
    with open_audit(_source(tmp_path / "s.duckdb"), as_of="2026-10-31", web_logs=web) as audit:
        spec = area_charts.log_activity_chart(audit).to_dict()
    counts = {row["period"][11:16]: row["lines"] for row in _rows(spec, "lines")}
    assert counts == {"09:00": 2, "10:00": 0, "11:00": 0, "12:00": 1}


def test_log_activity_counts_days_when_the_log_spans_months(tmp_path: Path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    line = '203.0.113.9 - - [{day}/2026:10:00:00 +0500] "GET /p HTTP/1.1" 200 12 "-" "UA"\n'
    (web / "access.log").write_text("".join(line.format(day=d) for d in ("02/Feb", "02/Feb", "12/May")))
    with open_audit(_source(tmp_path / "s.duckdb"), as_of="2026-10-31", web_logs=web) as audit:
        spec = area_charts.log_activity_chart(audit).to_dict()
    rows = _rows(spec, "lines")
    assert len(rows) == (dt.date(2026, 5, 12) - dt.date(2026, 2, 2)).days + 1
    assert rows[0] == {"period": "2026-02-02T00:00:00", "lines": 2} and sum(r["lines"] for r in rows) == 3
    assert "Day (local time)" in [e.get("title") for _, e in _encodings(spec)]
