"""Notebook file helpers shared by the report modules (typed wrappers; nothing runs at import)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

#: Python source of the IPython start-up file that kernels run before any notebook cell.
KERNEL_STARTUP_SOURCE = (
    "# Written by wgp_audit.report.execute: skip rfc3987_syntax (1.5 s of grammar compilation\n"
    "# at import, pulled in by jsonschema) in notebook kernels.\n"
    "import sys\n"
    "sys.modules.setdefault('rfc3987_syntax', None)\n"
)


def skip_slow_grammar_import() -> None:
    """Stop jsonschema from importing rfc3987_syntax (1.5 s at import); call before nbformat."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def read_notebook(path: Path) -> Any:
    """Return the notebook at `path` as an nbformat v4 NotebookNode."""
    skip_slow_grammar_import()
    import nbformat

    return nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]


def write_notebook(nb: Any, path: Path) -> None:
    """Write the NotebookNode `nb` to `path`."""
    skip_slow_grammar_import()
    import nbformat

    nbformat.write(nb, path)  # type: ignore[no-untyped-call]
