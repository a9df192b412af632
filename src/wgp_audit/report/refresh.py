"""Re-execute the notebooks in notebooks/ in place on the demo data, for nbval (`make notebooks`).

The outputs committed with the notebooks are what `pytest --nbval` compares, so they are made
with deterministic parameters (the defaults) and a fixed, public pseudonym key that is used for the
synthetic demo data only.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Final

from wgp_audit.paths import demo_dir
from wgp_audit.paths import notebooks_dir as default_notebooks_dir
from wgp_audit.privacy import KEY_VARIABLE
from wgp_audit.report._notebooks import read_notebook, write_notebook
from wgp_audit.report.execute import METADATA_KEY, NotebookJob, execute_many
from wgp_audit.report.normalise import normalise_file

#: Pseudonym key of the committed notebook outputs: demo data only, deliberately not secret.
DEMO_PSEUDONYM_KEY: Final = "wgp-audit-demo-notebooks-not-a-secret"


def use_demo_key() -> None:
    """Make this process and the kernels it starts pseudonymise with the demo key."""
    os.environ[KEY_VARIABLE] = DEMO_PSEUDONYM_KEY


def ensure_demo_data() -> Path:
    """Generate demo-data/ when its database is missing; return the database path."""
    database = demo_dir() / "wgp.duckdb"
    if not database.is_file():
        from wgp_audit.demo import generate

        generate(database.parent)
    return database


def strip_run_metadata(nb: object) -> None:
    """Drop papermill's timings and the run outcome from a notebook (they change every run)."""
    meta = nb.metadata  # type: ignore[attr-defined]
    meta.pop("papermill", None)
    meta.pop(METADATA_KEY, None)
    for cell in nb.cells:  # type: ignore[attr-defined]
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


def refresh(notebooks_dir: Path | None = None) -> int:
    """Execute every notebook in place with its default parameters; return 0, or 8 on a failure."""
    notebooks_dir = (notebooks_dir or default_notebooks_dir()).resolve()
    use_demo_key()
    ensure_demo_data()
    paths = sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="wgp-refresh-") as tmp:
        jobs = [NotebookJob(p, Path(tmp) / p.name) for p in paths]
        results = execute_many(jobs, progress=True)
        failed = [r for r in results if not r.ok]
        for r in results:
            if r.ok:
                nb = read_notebook(r.output_path)
                strip_run_metadata(nb)
                write_notebook(nb, r.input_path)
                normalise_file(r.input_path)  # the committed form: wgp-audit kernelspec, no run state
    for r in failed:
        print(f"{r.input_path.name}: {r.failure_text()} (left unchanged)", file=sys.stderr)
    print(f"refreshed {len(results) - len(failed)} of {len(results)} notebooks in {notebooks_dir}")
    return 8 if failed else 0


if __name__ == "__main__":
    sys.exit(refresh())
