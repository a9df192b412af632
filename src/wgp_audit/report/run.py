"""`wgp-audit run`: one snapshot of the source, every area notebook on it, pages and evidence.

The run reads as its pipeline: check the parameters (no database) -> open the source once
(validate, map, stage, ingest logs) and write the run's snapshot -> run the area notebooks in
parallel on the snapshot, each check once, each notebook keeping its results -> assemble the
summary notebook and findings.json from those results -> export HTML -> write index and evidence.
A failing notebook does not stop the others: its partial HTML is kept and marked INCOMPLETE and the
run exits with ExitCode.REPORT.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
import sys
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from wgp_audit import register
from wgp_audit.config import load_yardstick
from wgp_audit.crash import classify
from wgp_audit.errors import ExitCode, ParameterError, ReportError, redact_secrets
from wgp_audit.findings import CheckResult, exit_code, findings_rows, summary_rows
from wgp_audit.notebook import NOTEBOOK_AREAS, open_from_parameters
from wgp_audit.params import audit_period, is_demo_source
from wgp_audit.paths import notebooks_dir as default_notebooks_dir
from wgp_audit.paths import reports_dir as default_reports_dir
from wgp_audit.privacy import pseudonymiser
from wgp_audit.progress import RunProgress
from wgp_audit.report import (
    check_pages,
    exports,
    figures,
    ledger,
    management,
    navigation,
    pdf,
    run_diff,
    runs,
    tables,
)
from wgp_audit.report.evidence import input_evidence, write_evidence
from wgp_audit.report.execute import ExecutionResult, NotebookJob, NotebookProgress, execute_many
from wgp_audit.report.html import export_html
from wgp_audit.report.snapshot import (
    Snapshot,
    load_results,
    load_results_file,
    new_folder,
    open_snapshot,
    save_results,
    write_snapshot,
)
from wgp_audit.sampling import plan_from_yardstick, run_sample, write_sample

SUMMARY: Final = "00_summary"  # assembled from the area notebooks' results, after them
REVEAL_BANNER: Final = (
    "RAW PERSONAL DATA: this report was run with --reveal and shows unmasked values. "
    "Handle it as personal data; do not circulate."
)


@dataclass(frozen=True)
class RunOptions:
    """What `wgp-audit run` was asked to do (None: the demo data and the workspace defaults)."""

    source: str | None = None
    config: str | None = None
    as_of: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    logs_dir: str | None = None
    sample_size: int = 5
    sample_seed: int = 20260131
    reveal: bool = False
    reports_dir: Path | None = None
    notebooks_dir: Path | None = None
    mapping: str | None = None
    strict_contract: bool = False
    keep_snapshot: bool = False
    pdf: bool = False  # print every page to pdf/ with headless Chromium


@dataclass(frozen=True)
class Taken:
    """What the run's one opening of the source produced: the snapshot and the input evidence."""

    snapshot: Snapshot
    inputs: dict[str, Any]
    period: str
    as_of: str


@dataclass(frozen=True)
class RunOutcome:
    """Where a run was written, its exit code, and each notebook's execution result."""

    run_id: str
    run_dir: Path
    exit_code: ExitCode
    notebooks: tuple[ExecutionResult, ...]
    diff: runs.FindingDiff


def area_notebooks(notebooks_dir: Path) -> list[Path]:
    """The numbered area notebooks of a run (the per-subject notebook 90_subject is never one)."""
    return [p for p in sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb")) if p.stem != "90_subject"]


def validate(opts: RunOptions) -> dict[str, Any]:
    """Check every parameter before anything runs; return the notebooks' parameters."""
    yardstick = load_yardstick(opts.config)
    period = audit_period(
        opts.as_of, opts.period_start, opts.period_end, yardstick.time_zone, demo=is_demo_source(opts.source)
    )
    if opts.source is not None and "://" in opts.source:
        raise ParameterError(
            "a source must not be given as a URL with credentials",
            hint="use postgres:ENV_VAR so that the DSN stays in the environment",
        )
    source = absolute_source(opts.source)
    if opts.sample_size < 0:
        raise ParameterError(f"sample size {opts.sample_size} is negative", hint="give 0 or more")
    notebooks_dir = opts.notebooks_dir or default_notebooks_dir()
    if not area_notebooks(notebooks_dir):
        raise ParameterError(f"no area notebooks in {notebooks_dir}", hint="check the notebooks folder")
    config = str(Path(opts.config).resolve()) if opts.config else None
    logs_dir = str(Path(opts.logs_dir).resolve()) if opts.logs_dir else None
    mapping = str(Path(opts.mapping).resolve()) if opts.mapping else None
    # The default dates are chosen here, once, from the source given: the kernels read the run's
    # snapshot, which they could not tell from the demo data or an operator's database.
    as_of = opts.as_of or period.as_of.date().isoformat()
    period_start = opts.period_start or period.period_start.date().isoformat()
    return {
        "source": source,
        "as_of": as_of,
        "period_start": period_start,
        "period_end": opts.period_end,
        "config": config,
        "logs_dir": logs_dir,
        "sample_size": opts.sample_size,
        "sample_seed": opts.sample_seed,
        "reveal": opts.reveal,
        "mapping": mapping,
        "strict_contract": opts.strict_contract,
    }


def absolute_source(spec: str | None) -> str | None:
    """The source spec with any file path made absolute (notebook kernels run in other folders)."""
    from wgp_audit.sources import REGISTRY

    if spec is None:
        return None
    scheme, sep, rest = spec.partition(":")
    if sep and scheme in REGISTRY and not (len(scheme) == 1 and rest.startswith("\\")):
        if scheme in ("sqlite", "duckdb", "exports"):
            return f"{scheme}:{Path(rest).expanduser().resolve()}"
        return spec
    if not Path(spec).exists():
        raise ParameterError(
            f"source {spec} does not exist",
            hint="give a DuckDB file, an exports folder, sqlite:PATH, postgres:VAR or mysql:VAR",
        )
    return str(Path(spec).resolve())


def take_snapshot(params: Mapping[str, Any], parent: Path | None = None) -> Taken:
    """Open the source once (validate, map, stage, ingest the logs) and write the run's snapshot.

    Everything the notebooks read afterwards comes from the snapshot; the data-quality checks run
    here, once, and their results are kept with the notebooks' results.
    """
    folder = new_folder(parent)
    try:
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
            snapshot = write_snapshot(audit, folder)
            save_results(audit.run_checks(area="data_quality"), snapshot.results_dir, "data_quality")
            period = audit.period
            return Taken(
                snapshot,
                input_evidence(audit),
                f"{period.period_start.date()} to {period.period_end.date()}",
                period.as_of.date().isoformat(),
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def run_audit(opts: RunOptions, progress: bool = True) -> RunOutcome:
    """Execute the run described by `opts` and write reports/<run id>/; never touches other runs.

    A contract or log error stops the run while taking the snapshot, before any report is written.
    """
    params = validate(opts)
    reports_dir = (opts.reports_dir or default_reports_dir()).resolve()
    notebooks_dir = (opts.notebooks_dir or default_notebooks_dir()).resolve()
    register.load(register.register_path(reports_dir))  # a broken hand edit stops the run here
    if opts.pdf:
        pdf.chromium()  # no Chromium to print with: stop before anything runs
    shown = RunProgress.for_terminal(sys.stderr) if progress else None  # None when piped
    try:
        _step(shown, "snapshot")
        taken = take_snapshot(params)
        try:
            return _run_on_snapshot(opts, params, taken, reports_dir, notebooks_dir, shown)
        finally:
            if not opts.keep_snapshot:
                taken.snapshot.remove()
    except BaseException:
        if shown is not None:
            shown.abandon()
        raise


def _step(shown: RunProgress | None, name: str) -> None:
    """Show on the terminal that the run's step `name` begins (and the one before it is done)."""
    if shown is not None:
        shown.start(name)


def _notebook_progress(shown: RunProgress | None, results_dir: Path) -> NotebookProgress | bool:
    """execute_many's progress: each finished notebook with the outcomes of the checks it ran."""
    if shown is None:
        return False

    def report(done: int, total: int, job: NotebookJob, result: ExecutionResult) -> None:
        areas = NOTEBOOK_AREAS.get(job.name.split("_", 1)[-1])
        kept = results_dir / f"{'-'.join(areas)}.pickle" if areas else None
        ran = load_results(results_dir) if areas == () else (load_results_file(kept) if kept else [])
        counts = Counter(r.outcome.value for r in ran)
        shown.notebook(done, total, job.name, result.ok, result.seconds, counts)

    return report


def _run_on_snapshot(
    opts: RunOptions,
    params: dict[str, Any],
    taken: Taken,
    reports_dir: Path,
    notebooks_dir: Path,
    progress: RunProgress | None,
) -> RunOutcome:
    """Create the run folder and fill it from the snapshot, marking it if anything breaks."""
    run_id = runs.new_run_id()
    run_dir = reports_dir / run_id
    try:
        run_dir.mkdir(parents=True, exist_ok=False)
        (run_dir / ".write-test").touch()
        (run_dir / ".write-test").unlink()
    except OSError as exc:
        raise ReportError(
            f"cannot write the run folder {run_dir}: {exc.strerror}",
            hint="pass --reports with a folder this user can write to",
        ) from None
    (run_dir / runs.UNFINISHED_FILE).write_text(runs.UNFINISHED_TEXT, encoding="utf-8")
    try:
        return _fill_run(opts, params, taken, reports_dir, notebooks_dir, run_id, run_dir, progress)
    except BaseException as exc:  # a crash, a lost source, Ctrl-C: the folder says so, then it propagates
        _mark_unfinished(reports_dir, run_dir, run_id, params, opts.reveal, exc)
        raise


def _mark_unfinished(
    reports_dir: Path, run_dir: Path, run_id: str, params: Mapping[str, Any], reveal: bool, exc: BaseException
) -> None:
    """Record in run.json, index.html and the run list why the run in `run_dir` did not finish."""
    interrupted = isinstance(exc, KeyboardInterrupt)
    error = None if interrupted else classify(exc)
    why = "interrupted (Ctrl-C) before it finished" if error is None else redact_secrets(str(error))
    code = ExitCode.INTERRUPTED if error is None else error.exit_code
    record: dict[str, Any] = {
        "run_id": run_id,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "source": str(params.get("source") or "demo data"),
        "period": "",
        "as_of": params.get("as_of") or "",
        "reveal": reveal,
        "exit_code": int(code),
        "incomplete": True,
        "status": "interrupted" if interrupted else "failed",
        "failure": why,
        "severity_counts": runs.severity_counts([]),
        "diff": {},
        "notebooks": [],
    }
    try:
        (run_dir / runs.UNFINISHED_FILE).write_text(f"INCOMPLETE: this run {why}\n", encoding="utf-8")
        (run_dir / runs.RUN_FILE).write_text(redact_secrets(json.dumps(record, indent=1)), encoding="utf-8")
        body = (
            f'<p class="incomplete">INCOMPLETE: this run {html.escape(why)}. Pages in this folder '
            "may be missing or partial; do not rely on them.</p>"
            '<p><a href="../index.html">all runs</a></p>'
        )
        (run_dir / "index.html").write_text(
            runs.page(f"wgp-audit run {run_id} (INCOMPLETE)", body, REVEAL_BANNER if reveal else None),
            encoding="utf-8",
        )
        runs.write_runs_index(reports_dir)
    except OSError:  # a full disk: the marker written first, if any, is all that can be left
        pass


def _fill_run(
    opts: RunOptions,
    params: dict[str, Any],
    taken: Taken,
    reports_dir: Path,
    notebooks_dir: Path,
    run_id: str,
    run_dir: Path,
    progress: RunProgress | None,
) -> RunOutcome:
    """Execute the notebooks into `run_dir` and write its pages, findings, run.json and evidence."""
    if opts.reveal:
        print(f"wgp-audit: WARNING: --reveal: run {run_id} shows raw personal data", file=sys.stderr)
    snapshot = taken.snapshot
    on_snapshot = {
        **params,
        "source": snapshot.spec,
        "logs_dir": None,
        "mapping": None,
        "strict_contract": False,
        "results_dir": str(snapshot.results_dir),
    }
    banner = REVEAL_BANNER if opts.reveal else None

    def export(result: ExecutionResult) -> None:  # as each notebook finishes, while others run
        if result.output_path.is_file():
            export_html(result.output_path, run_dir / f"{result.output_path.stem}.html", banner=banner)

    notebooks = area_notebooks(notebooks_dir)
    todo = [p for p in notebooks if p.stem != SUMMARY]
    assembling: list[Future[dict[str, Any]]] = []
    background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wgp-assemble")

    def export_area(result: ExecutionResult) -> None:
        export(result)
        todo.pop()
        if not todo:  # every area's results are kept: assemble them while the summary runs
            assembling.append(background.submit(_assemble, load_results(snapshot.results_dir), taken, params))

    areas = [
        NotebookJob(p, run_dir / "notebooks" / p.name, on_snapshot, on_done=export_area)
        for p in notebooks
        if p.stem != SUMMARY
    ]
    # The summary's kernel starts with the areas' and waits for their results before reading any.
    summary = [
        NotebookJob(p, run_dir / "notebooks" / p.name, on_snapshot, after_others=True, on_done=export)
        for p in notebooks
        if p.stem == SUMMARY
    ]
    management.save_history(reports_dir, taken.inputs["source"], snapshot.results_dir)
    _step(progress, "notebooks")
    results = execute_many([*areas, *summary], progress=_notebook_progress(progress, snapshot.results_dir))
    _step(progress, "findings")
    try:
        data = (
            assembling[0].result()
            if assembling
            else _assemble(load_results(snapshot.results_dir), taken, params)
        )
    finally:
        background.shutdown()
    (run_dir / runs.FINDINGS_FILE).write_text(
        redact_secrets(
            json.dumps(
                {
                    "run_id": run_id,
                    "source": data["inputs"]["source"],
                    "checks": data["checks"],
                    "findings": data["findings"],
                },
                indent=1,
                default=str,
            )
        ),
        encoding="utf-8",
    )
    prev = runs.previous_run(reports_dir, data["inputs"]["source"], run_id)
    prev_ids = runs.finding_ids(reports_dir / prev["run_id"]) if prev else None
    if prev_ids is not None:  # compare only the checks this run evaluated (a run of some notebooks)
        ran = {c["check_id"] for c in data["checks"]}
        prev_ids = [i for i in prev_ids if i.split(":", 1)[0] in ran]
    diff = runs.diff_findings(
        prev_ids, [f["finding_id"] for f in data["findings"]], prev["run_id"] if prev else None
    )
    failed = [r for r in results if not r.ok]
    code = ExitCode.REPORT if failed else ExitCode(data["code"])
    record = {
        "run_id": run_id,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "source": data["inputs"]["source"],
        "period": data["period"],
        "as_of": data["as_of"],
        "reveal": opts.reveal,
        "exit_code": int(code),
        "incomplete": bool(failed),
        "severity_counts": runs.severity_counts(data["findings"]),
        "diff": diff.as_dict(),
        "notebooks": [
            {
                "name": r.output_path.stem,
                "status": r.status.value,
                "seconds": round(r.seconds, 1),
                "failure": r.failure_text(),
            }
            for r in results
        ],
    }
    (run_dir / runs.RUN_FILE).write_text(redact_secrets(json.dumps(record, indent=1)), encoding="utf-8")
    _step(progress, "pages and exports")
    carried = register.carry_run(reports_dir, data["findings"], run_id, opts.reveal)
    exports.write_run_exports(run_dir, data["findings"], data["checks"], carried)
    _write_run_index(
        run_dir,
        record,
        data["findings"],
        results,
        banner,
        exports.register_section(carried, data["as_of"]),
        summary_html=_management_summary(reports_dir, snapshot, record),
    )
    write_sample(run_dir, data["sample"])
    check_pages.write_check_pages(run_dir, data["results"], data["parameters"], banner)
    navigation.link_run_pages(run_dir, [c["check_id"] for c in data["checks"]])
    if opts.pdf:
        pdf.print_run(run_dir)
    parameters = {**params, "source": data["inputs"]["source"]}
    record = {
        **record,
        "snapshot": {
            "sha256": snapshot.sha256,
            "kept_at": str(snapshot.folder) if opts.keep_snapshot else None,
        },
    }
    _step(progress, "evidence")
    # Everything but the evidence is written: the marker goes before the evidence lists the folder's
    # files (a failure from here on marks the run again, in run_audit).
    (run_dir / runs.UNFINISHED_FILE).unlink()
    write_evidence(
        run_dir,
        {
            **record,
            "parameters": parameters,
            "options": {k: str(v) for k, v in asdict(opts).items() if v is not None},
        },
        data["inputs"],
    )
    ledger.append_run(reports_dir, run_dir)  # the evidence hash, chained to the previous run's
    runs.write_runs_index(reports_dir)
    if progress is not None:
        progress.finish()
    return RunOutcome(run_id, run_dir, code, tuple(results), diff)


def _assemble(results: list[CheckResult], taken: Taken, params: Mapping[str, Any]) -> dict[str, Any]:
    """findings.json, the check summary, the exit code and the sample, from the kept results.

    The sample's populations are read from the snapshot; no check is run again.
    """
    with open_snapshot(
        taken.snapshot.folder,
        config=params["config"],
        as_of=params["as_of"],
        period_start=params["period_start"],
        period_end=params["period_end"],
    ) as audit:
        pseudo = pseudonymiser(params["reveal"], audit.person_names())
        bound = audit.params()  # the values the checks bound, for checks.html
        sample = run_sample(
            audit.con, results, plan_from_yardstick(audit.yardstick), params["sample_seed"], pseudo
        )
    return {
        "checks": summary_rows(results),
        "findings": findings_rows(results, pseudo),
        "sample": sample,
        "code": exit_code(results),
        "results": results,
        "parameters": bound,
        "inputs": taken.inputs,
        "period": taken.period,
        "as_of": taken.as_of,
    }


def _management_summary(reports_dir: Path, snapshot: Snapshot, record: Mapping[str, Any]) -> str:
    """The management summary of the run as HTML, from its kept results, figures and the run list."""
    kept = load_results(snapshot.results_dir)
    summary = management.summarise(
        kept,
        figures.load(snapshot.results_dir),
        management.history_from_runs(reports_dir, record["source"]),
    )
    return management.to_html(summary)


def _write_run_index(
    run_dir: Path,
    record: Mapping[str, Any],
    findings: list[dict[str, Any]],
    results: list[ExecutionResult],
    banner: str | None,
    register_html: str = "",
    summary_html: str = "",
) -> None:
    """Write the run's index.html: per area notebook its findings by severity, link and status."""
    rows = []
    for r in results:
        key = r.output_path.stem.split("_", 1)[-1]
        areas = NOTEBOOK_AREAS.get(key)
        mine = [f for f in findings if areas is not None and (not areas or f["area"] in areas)]
        counts = runs.severity_counts(mine)
        failure = html.escape(r.failure_text() or "")
        status = "ok" if r.ok else f'<span class="incomplete">INCOMPLETE: {failure}</span>'
        link = f'<a href="{html.escape(r.output_path.stem)}.html">{html.escape(r.output_path.stem)}</a>'
        rows.append([link, status, *(str(counts[s]) for s in runs.SEVERITIES)])
    diff = record["diff"]
    body = (
        summary_html  # the management summary opens the page
        + f"<p>Source: {html.escape(record['source'])}; period {html.escape(record['period'])}; "
        f"as of {html.escape(record['as_of'])}; exit code {record['exit_code']}.</p>"
        + runs.table(["report", "status", *runs.SEVERITIES], rows, raw_columns=(0, 1))
        + run_diff.diff_section(diff)
        + register_html
        + '<p><a href="findings.json">findings.json</a> · <a href="evidence.json">evidence.json</a> · '
        + '<a href="sample.json">sample.json</a> · <a href="signatures.html">sign-off</a> '
        + "(written by <code>wgp-audit sign</code>; none until the run is signed) · "
        + '<a href="../index.html">all runs</a></p>'
    )
    (run_dir / "index.html").write_text(
        runs.page(f"wgp-audit run {record['run_id']}", body + tables.assets(), banner), encoding="utf-8"
    )


def previous_month(today: dt.date | None = None) -> tuple[str, str]:
    """First and last day of the month before `today` (for the monthly scheduled run)."""
    first_this = (today or dt.date.today()).replace(day=1)
    last_prev = first_this - dt.timedelta(days=1)
    return last_prev.replace(day=1).isoformat(), last_prev.isoformat()
