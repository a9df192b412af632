"""`wgp-audit subject`: the Art. 24 report for one person, in its own folder, only when asked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from wgp_audit.errors import ReportError
from wgp_audit.notebook import open_from_parameters
from wgp_audit.notebook.subject import require_subject
from wgp_audit.paths import notebooks_dir as default_notebooks_dir
from wgp_audit.paths import reports_dir as default_reports_dir
from wgp_audit.privacy import pseudonymiser
from wgp_audit.report.execute import NotebookJob, execute_many
from wgp_audit.report.html import export_html
from wgp_audit.report.run import RunOptions, validate
from wgp_audit.report.runs import new_run_id

SUBJECT_BANNER: Final = (
    "PERSONAL REPORT: shows the personal data of one data subject, unmasked, "
    "for that person only (Art. 24 L94)."
)


@dataclass(frozen=True)
class SubjectReport:
    """Where the per-subject report was written."""

    folder: Path
    html: Path


def write_subject_report(user_id: str, opts: RunOptions) -> SubjectReport:
    """Refuse an unknown user_id, then execute 90_subject into reports/subjects/<pseudonym>-<run id>/."""
    params = validate(opts)
    with open_from_parameters(
        params["source"],
        params["as_of"],
        params["period_start"],
        params["period_end"],
        params["config"],
        params["logs_dir"],
        params["mapping"],
        params["strict_contract"],
    ) as audit:
        require_subject(audit, user_id)
    notebooks_dir = (opts.notebooks_dir or default_notebooks_dir()).resolve()
    folder = (
        (opts.reports_dir or default_reports_dir()).resolve()
        / "subjects"
        / (f"{pseudonymiser()(user_id)}-{new_run_id()}")
    )
    folder.mkdir(parents=True, exist_ok=False)
    nb_params = {
        k: params[k]
        for k in (
            "source",
            "as_of",
            "period_start",
            "period_end",
            "config",
            "logs_dir",
            "mapping",
            "strict_contract",
        )
    }
    job = NotebookJob(
        notebooks_dir / "90_subject.ipynb", folder / "90_subject.ipynb", {**nb_params, "user_id": user_id}
    )
    (result,) = execute_many([job], progress=False)
    html = export_html(result.output_path, folder / "subject.html", banner=SUBJECT_BANNER)
    if not result.ok:
        raise ReportError(
            f"the subject report in {folder} is incomplete: {result.failure_text()}",
            hint="open the notebook in that folder to see the failing cell",
        )
    return SubjectReport(folder, html)
