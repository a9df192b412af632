"""PDF copies of a run's pages, printed by headless Chromium (`wgp-audit run --pdf`).

Each HTML page of the run folder (index, summary, area pages) is printed to pdf/<page>.pdf by a
headless Chromium started for it, with background networking off; the pages load nothing from the
network (html.export_html refuses a page that would). Chromium is $WGP_AUDIT_CHROMIUM, else
`chromium` or `chromium-browser` on PATH; without it the run stops with a report error saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from wgp_audit.errors import ReportError

PDF_DIR: Final = "pdf"
TIMEOUT_SECONDS: Final = 120
CHROMIUM_ARGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)


def chromium() -> Path:
    """The Chromium to print with: $WGP_AUDIT_CHROMIUM, else chromium on PATH."""
    configured = os.environ.get("WGP_AUDIT_CHROMIUM")
    found = configured or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not Path(found).is_file():
        raise ReportError(
            "--pdf needs headless Chromium, and none was found",
            hint="install it (scripts/install-chromium.sh) or set WGP_AUDIT_CHROMIUM "
            "to its path; or run without --pdf",
        )
    return Path(found)


def print_pdf(page: Path, out: Path, executable: Path | None = None) -> Path:
    """Print one local HTML page to `out` and return `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wgp-pdf-") as profile:
        try:
            done = subprocess.run(
                [
                    str(executable or chromium()),
                    *CHROMIUM_ARGS,
                    f"--user-data-dir={profile}",
                    f"--print-to-pdf={out}",
                    page.resolve().as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReportError(
                f"Chromium did not print {page.name} within {TIMEOUT_SECONDS} s",
                hint="run again; or run without --pdf",
            ) from None
    if done.returncode != 0 or not out.is_file() or out.read_bytes()[:5] != b"%PDF-":
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ReportError(
            f"Chromium could not print {page.name} (exit {done.returncode}): {last}",
            hint="run again; or run without --pdf",
        )
    return out


def print_run(run_dir: Path, pages: Iterable[Path] | None = None) -> list[Path]:
    """Print the run's HTML pages (all of them by default) into run_dir/pdf/, one PDF each.

    Call before the evidence is written, so that the PDFs are fingerprinted with the rest.
    """
    executable = chromium()
    chosen = sorted(pages) if pages is not None else sorted(run_dir.glob("*.html"))
    return [print_pdf(p, run_dir / PDF_DIR / f"{p.stem}.pdf", executable) for p in chosen]
