"""Export executed notebooks to self-contained HTML that loads nothing from the network.

The `wgp` nbconvert template (in `templates/wgp/`) extends JupyterLab's `lab` template and empties
the blocks that load require.js, MathJax, mermaid and widget scripts from CDNs. Charts must be
rendered as inline SVG (`wgp_audit.notebook.charts.enable_offline_rendering()`). Banners at the top of the
page mark incomplete reports (the notebook failed) and reports that reveal raw personal data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Final

from wgp_audit.errors import ReportError
from wgp_audit.report import tables
from wgp_audit.report._notebooks import read_notebook, skip_slow_grammar_import
from wgp_audit.report.execute import METADATA_KEY, describe_failure

TEMPLATE_NAME: Final = "wgp"
TEMPLATES_DIR: Final = Path(__file__).parent / "templates"
#: Tag papermill puts on the two note cells it inserts into a failed notebook.
PAPERMILL_ERROR_TAG: Final = "papermill-error-cell-tag"

# Attributes that make a browser fetch a resource by itself (anchors `<a href>` do not).
_FETCHING_ATTRIBUTES: Final = frozenset(
    {"src", "href", "srcset", "poster", "data", "xlink:href", "background", "action", "formaction"}
)
_NAVIGATION_TAGS: Final = frozenset({"a", "area"})
_EXTERNAL: Final = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_URL: Final = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT: Final = re.compile(r"""@import\s+(['"])([^'"]*)\1""", re.IGNORECASE)


def export_html(
    notebook_path: Path,
    html_path: Path,
    *,
    hide_code: bool = True,
    banner: str | None = None,
) -> Path:
    """Write `notebook_path` as offline HTML to `html_path`, with banners, and return that path."""
    skip_slow_grammar_import()
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    notebook_path, html_path = Path(notebook_path), Path(html_path)
    if not notebook_path.is_file():
        raise ReportError(
            f"notebook {notebook_path} does not exist; cannot export HTML",
            hint="execute the notebook first (wgp_audit.report.execute)",
        )
    nb = read_notebook(notebook_path)
    banners = []
    failure = notebook_failure(nb)
    if failure is not None:
        banners.append({"kind": "incomplete", "text": f"INCOMPLETE: {failure}"})
    if banner:
        banners.append({"kind": "raw", "text": banner})

    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=hide_code,
        exclude_input_prompt=hide_code,
        exclude_output_prompt=hide_code,
    )
    exporter.register_preprocessor(  # type: ignore[no-untyped-call]
        TagRemovePreprocessor(  # type: ignore[no-untyped-call]
            remove_cell_tags={PAPERMILL_ERROR_TAG, "remove-cell"},
            remove_input_tags={"remove-input"},
            enabled=True,
        ),
        enabled=True,
    )
    resources = {
        "metadata": {"name": notebook_path.stem},
        "wgp_banners": banners,
        "wgp_tables_css": tables.style(),
        "wgp_tables_js": tables.script(),
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = tables.name_time_zone(body, tables.notebook_time_zone(nb))
    external = external_references(body)
    if external:
        raise ReportError(
            f"HTML of {notebook_path} would load {len(external)} external resource(s): {external[:5]}",
            hint="render charts with wgp_audit.notebook.charts.enable_offline_rendering() and embed images",
        )
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(body, encoding="utf-8")
    return html_path


def notebook_failure(nb: Mapping[str, Any]) -> str | None:
    """Return 'failed at cell N: Ename: message' if the executed notebook failed, else None."""
    recorded = nb.get("metadata", {}).get(METADATA_KEY, {})
    if recorded.get("status") == "failed":
        return describe_failure(recorded.get("cell_index"), recorded.get("ename"), recorded.get("evalue"))
    if recorded.get("status") == "ok":
        return None
    cells = [
        cell
        for cell in nb.get("cells", [])
        if PAPERMILL_ERROR_TAG not in cell.get("metadata", {}).get("tags", [])
    ]
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return describe_failure(index, output.get("ename"), output.get("evalue"))
    return None


def external_references(html_text: str) -> list[str]:
    """Return each http(s) or protocol-relative URL the page fetches by itself (not `<a href>`)."""
    finder = _ReferenceFinder()
    finder.feed(html_text)
    finder.close()
    return finder.found


class _ReferenceFinder(HTMLParser):
    """Collect external URLs from fetching attributes, style attributes and <style> blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Check the attributes of one start tag."""
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name == "style":
                self._check_css(value)
            elif name in _FETCHING_ATTRIBUTES and tag not in _NAVIGATION_TAGS:
                candidates = value.split(",") if name == "srcset" else [value]
                self.found.extend(c.strip() for c in candidates if _EXTERNAL.match(c))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Check a self-closing tag like a start tag that has no content."""
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        """Leave a <style> block."""
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        """Check CSS inside <style> blocks."""
        if self._in_style:
            self._check_css(data)

    def _check_css(self, css: str) -> None:
        """Record external url(...) and @import targets in a piece of CSS."""
        for pattern in (_CSS_URL, _CSS_IMPORT):
            urls = (m.group(2) for m in pattern.finditer(css))
            self.found.extend(url for url in urls if _EXTERNAL.match(url))
