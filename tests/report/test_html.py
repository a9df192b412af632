"""Behaviour of wgp_audit.report.html: offline HTML, hidden code, banners, external references."""

from __future__ import annotations

from pathlib import Path

from wgp_audit.report.html import export_html, external_references

from .notebooks import ExecutedRun, load, save

CDN_PAGE = """<html><head>
<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>
<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">
<style>@import url("http://example.org/a.css"); .x { background: url('https://e.org/b.png') }</style>
</head><body>
<a href="https://www.wgp.kz/">policy</a>
<img src="data:image/png;base64,iVBORw0KGgo=">
<div style="background-image: url(http://g.org/c.png)"></div>
<script src="local.js"></script>
</body></html>"""


def test_external_references_finds_cdn_script_link_and_css_urls_but_not_anchors() -> None:
    assert external_references(CDN_PAGE) == [
        "https://cdn.jsdelivr.net/npm/vega@5",
        "//fonts.googleapis.com/css?family=Roboto",
        "http://example.org/a.css",
        "https://e.org/b.png",
        "http://g.org/c.png",
    ]


def test_export_loads_nothing_external_and_hides_code(executed: ExecutedRun, tmp_path: Path) -> None:
    html = export_html(executed.chart.output_path, tmp_path / "chart.html").read_text()
    assert external_references(html) == []
    assert "<script src=" not in html
    assert "charts.enable_offline_rendering()" not in html  # input cells are excluded
    assert "area=retention limit_days=20" in html  # outputs are kept
    assert "data:image/svg+xml;base64," in html  # the chart is embedded
    assert "INCOMPLETE" not in html


def test_export_with_code_shows_the_input_cells(executed: ExecutedRun, tmp_path: Path) -> None:
    html = export_html(executed.chart.output_path, tmp_path / "code.html", hide_code=False).read_text()
    assert "enable_offline_rendering" in html
    assert external_references(html) == []


def test_failed_notebook_html_carries_incomplete_banner(executed: ExecutedRun, tmp_path: Path) -> None:
    html = export_html(executed.failing.output_path, tmp_path / "failing.html").read_text()
    expected = f"INCOMPLETE: failed at cell {executed.failing.cell_index}: ValueError: planted failure"
    assert expected in html
    assert "An Exception was encountered" not in html  # papermill's note is replaced by the banner


def test_failure_found_from_error_outputs_when_metadata_is_absent(
    executed: ExecutedRun, tmp_path: Path
) -> None:
    nb = load(executed.failing.output_path)
    del nb.metadata["wgp_audit"]
    bare = tmp_path / "bare.ipynb"
    save(nb, bare)
    html = export_html(bare, tmp_path / "bare.html").read_text()
    assert "INCOMPLETE: failed at cell" in html and "planted failure" in html


def test_banner_text_is_escaped_and_shown(executed: ExecutedRun, tmp_path: Path) -> None:
    banner = "RAW PERSONAL DATA REVEALED by <auditor> for request 42"
    html = export_html(executed.chart.output_path, tmp_path / "raw.html", banner=banner).read_text()
    assert "RAW PERSONAL DATA REVEALED by &lt;auditor&gt; for request 42" in html
