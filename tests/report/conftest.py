"""Fixtures for the report tests: notebooks executed once per session, a shared Chromium."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wgp_audit.report.execute import NotebookJob, execute_many

from .notebooks import ExecutedRun, chart_notebook, failing_notebook

# tests/ holds browser_support.py; make it importable whatever pytest's import mode or packages.
_TESTS_DIR = str(Path(__file__).resolve().parents[1])
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)

from browser_support import launch_chromium  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session")
def executed(tmp_path_factory: pytest.TempPathFactory) -> ExecutedRun:
    """Run three notebooks (the middle one fails) once for the whole session."""
    src = tmp_path_factory.mktemp("templates")
    out = tmp_path_factory.mktemp("run")
    jobs = [
        NotebookJob(
            chart_notebook(src / "10_chart.ipynb"),
            out / "10_chart.ipynb",
            {"area": "retention", "limit_days": 20},
        ),
        NotebookJob(failing_notebook(src / "20_failing.ipynb"), out / "20_failing.ipynb"),
        NotebookJob(chart_notebook(src / "30_chart.ipynb"), out / "30_chart.ipynb"),
    ]
    progress = io.StringIO()
    results = execute_many(jobs, max_workers=2, progress=progress)
    return ExecutedRun(results, progress.getvalue())


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Yield a headless Chromium browser (skipped without chromium unless CI is set)."""
    with launch_chromium() as browser:
        yield browser
