"""Tiny notebooks for the report tests, built with nbformat so that each test shows its cells."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from wgp_audit.report.execute import ExecutionResult

PARAMETERS_SOURCE = 'area = "demo"\nlimit_days = 30'
IMPORT_SOURCE = (
    "import polars as pl\nfrom wgp_audit.notebook import charts\n\ncharts.enable_offline_rendering()"
)


def write_notebook(path: Path, *code: str, title: str = "Test notebook") -> Path:
    """Write a notebook: a title cell, a `parameters` cell, then one code cell per `code`."""
    parameters = new_code_cell(PARAMETERS_SOURCE)  # type: ignore[no-untyped-call]
    parameters.metadata["tags"] = ["parameters"]
    cells = [new_markdown_cell(f"# {title}"), parameters]  # type: ignore[no-untyped-call]
    cells += [new_code_cell(source) for source in code]  # type: ignore[no-untyped-call]
    nb = new_notebook(cells=cells)  # type: ignore[no-untyped-call]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Py"}
    path.parent.mkdir(parents=True, exist_ok=True)
    save(nb, path)
    return path


def load(path: Path) -> Any:
    """Return the notebook at `path` (nbformat v4)."""
    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


def save(nb: Any, path: Path) -> None:
    """Write the notebook `nb` to `path`."""
    nbformat.write(nb, path)  # type: ignore[no-untyped-call]


def chart_notebook(path: Path) -> Path:
    """Write a notebook that prints its parameters and kernel environment and draws one chart."""
    return write_notebook(
        path,
        IMPORT_SOURCE,
        "import os, sys\n"
        'print("IPYTHONDIR=" + os.environ["IPYTHONDIR"])\n'
        'print("rfc3987_syntax skipped:", "rfc3987_syntax" in sys.modules'
        ' and sys.modules["rfc3987_syntax"] is None)',
        'print(f"area={area} limit_days={limit_days}")',
        'charts.histogram_against_limit(pl.DataFrame({"days": [3, 12, 25, 41, 60]}), "days",'
        ' limit_days, title=f"Request handling days, {area}")',
        title="Chart notebook",
    )


def failing_notebook(path: Path) -> Path:
    """Write a notebook whose third cell after the parameters raises ValueError('planted failure')."""
    return write_notebook(
        path,
        "x = 1",
        'print("before the failure")',
        'raise ValueError("planted failure")',
        'print("never reached")',
        title="Failing notebook",
    )


@dataclass(frozen=True)
class ExecutedRun:
    """Results of one execute_many call over a chart, a failing and another chart notebook."""

    results: list[ExecutionResult]
    progress: str

    @property
    def chart(self) -> ExecutionResult:
        """Return the result of the first chart notebook."""
        return self.results[0]

    @property
    def failing(self) -> ExecutionResult:
        """Return the result of the failing notebook."""
        return self.results[1]


def area_notebook_with(source: Path, target: Path, code: str, after_cell: int = 3) -> Path:
    """Copy a real area notebook (same parameters) and insert a code cell, e.g. one that fails."""
    nb = load(source)
    nb.cells.insert(after_cell, new_code_cell(code))  # type: ignore[no-untyped-call]
    target.parent.mkdir(parents=True, exist_ok=True)
    save(nb, target)
    return target
