"""The `wgp-audit` command: parse arguments, call the package, exit with a documented code."""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from wgp_audit import paths
from wgp_audit.errors import ExitCode, ParameterError, WgpAuditError
from wgp_audit.log_folder import log_sources
from wgp_audit.terminal import safe_text
from wgp_audit.workspace import workspace_settings

Command = Callable[[argparse.Namespace], int]


def default_demo_dir() -> Path:
    """Where `wgp-audit demo` writes by default, and where the other commands look."""
    return paths.demo_dir()


def source_spec(value: str) -> str:
    """--source: refuse a URL (scheme://user:password@...) without echoing it; the DSN stays in the env."""
    if "://" in value:
        raise argparse.ArgumentTypeError(
            "a source is never given as a URL (it would put credentials on the command line and in "
            "the shell history); export the DSN in a variable and give postgres:ENV_VAR"
        )
    return value


def _source_args(p: argparse.ArgumentParser) -> None:
    """Add the source, snapshot, yardstick, period, log and mapping options to a parser."""
    p.add_argument(
        "--source",
        default=None,
        type=source_spec,
        help="DuckDB file, exports folder, sqlite:PATH, postgres:ENV_VAR[?schema=S] "
        "or mysql:ENV_VAR[?tz=ZONE] (MySQL/MariaDB) (default: demo-data/wgp.duckdb)",
    )
    p.add_argument(
        "--snapshot",
        action="store_true",
        help="audit a read-only copy of the DuckDB --source taken now (e.g. while an "
        "application holds it open); the file is held only while it is copied",
    )
    p.add_argument("--config", default=None, help="yardstick TOML (default: config/yardstick.toml)")
    p.add_argument(
        "--as-of",
        default=None,
        help="audit date, YYYY-MM-DD (default: today; the demo date for the demo data)",
    )
    p.add_argument("--period-start", default=None, help="first day audited, YYYY-MM-DD")
    p.add_argument("--period-end", default=None, help="last day audited (default: as-of)")
    p.add_argument(
        "--logs", default=None, help="log folder holding web/ (access logs) and app/ (JSON Lines events)"
    )
    p.add_argument("--web-logs", default=None, help="web access log file, folder or glob")
    p.add_argument("--app-logs", default=None, help="app event log file, folder or glob")
    p.add_argument(
        "--mapping",
        default=None,
        help="mapping folder: the operator's schema -> the data contract "
        "(default: the workspace's `mapping`, else none: a contract-shaped source)",
    )
    p.add_argument(
        "--strict-contract",
        action="store_true",
        help="any contract table or column the source lacks is an error (exit 6), "
        "instead of making the checks that read it not evaluable",
    )


def _mapping(args: argparse.Namespace) -> str | None:
    """The mapping folder from the command line or the workspace settings, if any."""
    mapping = getattr(args, "mapping", None) or workspace_settings().mapping
    return str(mapping) if mapping else None


def _source(args: argparse.Namespace) -> str:
    """The source from the command line or the workspace settings, else the demo database."""
    source = args.source or workspace_settings().source
    return str(source) if source else str(default_demo_dir() / "wgp.duckdb")


def log_paths(args: argparse.Namespace) -> dict[str, Any]:
    """web_logs / app_logs for open_audit: explicit paths win; --logs DIR means DIR/web, DIR/app."""
    web, app = args.web_logs, args.app_logs
    logs = args.logs or workspace_settings().logs
    if logs:
        root = Path(logs)
        if not root.is_dir():
            raise ParameterError(
                f"--logs {root} is not a folder", hint="pass the folder that holds web/ and app/ log folders"
            )
        found = log_sources(root)  # DIR/web and DIR/app, or log files in DIR recognised by content
        web = web or found.get("web_logs")
        app = app or found.get("app_logs")
    return {"web_logs": web, "app_logs": app}


def _snapshot(source: str, args: argparse.Namespace) -> str:
    """With --snapshot: the path of a private read-only copy of the DuckDB file `source`, removed at exit."""
    if not getattr(args, "snapshot", False):
        return source
    from wgp_audit.sources.duckdb_file import take_snapshot

    if not Path(source).is_file():
        raise ParameterError(
            "--snapshot copies a DuckDB file, and this source is not one",
            hint="drop --snapshot for an exports folder or a database server",
        )
    snap = take_snapshot(Path(source))
    atexit.register(snap.remove)
    print(
        f"wgp-audit: auditing a read-only snapshot of {safe_text(snap.original)} taken {snap.taken_at}"
        f" (sha256 {snap.sha256}); the file was held only while it was copied",
        file=sys.stderr,
    )
    return str(snap.copy)


def _snapshot_options(opts: Any, args: argparse.Namespace) -> Any:
    """RunOptions whose source is a snapshot copy when --snapshot was given."""
    if not getattr(args, "snapshot", False):
        return opts
    import dataclasses

    source = opts.source or str(default_demo_dir() / "wgp.duckdb")
    return dataclasses.replace(opts, source=_snapshot(str(source), args))


def cmd_demo(args: argparse.Namespace) -> int:
    """Write the demo dataset."""
    from wgp_audit.demo import generate

    if args.flavour == "bitrix":
        from wgp_audit.demo.bitrix import DEFAULT_SEED, DEFAULT_USERS, generate_bitrix

        site = generate_bitrix(
            Path(args.out or default_demo_dir() / "bitrix"),
            users=args.users or DEFAULT_USERS,
            seed=DEFAULT_SEED if args.seed is None else args.seed,
        )
        print(
            f"bitrix sqlite: {site.sqlite}\nmysql script:  {site.mysql}\n"
            f"manifest:      {site.manifest}\nmapping:       mappings/bitrix"
        )
        return ExitCode.OK
    out = generate(
        Path(args.out or default_demo_dir()),
        users=args.users or 3000,
        seed=20260131 if args.seed is None else args.seed,
        log_lines=args.log_lines,
    )
    print(f"demo database: {out.database}\nmanifest:      {out.manifest}")
    if out.logs:
        print(f"logs:          {out.logs}")
    return ExitCode.OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a source against the contract and print row counts."""
    from wgp_audit.audit import open_audit

    with open_audit(
        _snapshot(_source(args), args),
        config=args.config,
        as_of=args.as_of,
        period_start=args.period_start,
        period_end=args.period_end,
        mapping=_mapping(args),
        strict_contract=args.strict_contract,
    ) as audit:
        gaps = audit.validation.gaps
        verdict = "provides part of" if gaps else "meets"
        print(f"{safe_text(audit.source.describe())} {verdict} the data contract")
        for table, n in audit.validation.row_counts.items():
            print(f"  {table:<24} {n:>9} rows")
        for table in gaps.tables:
            print(f"  {table:<24}    absent")
        for table, cols in gaps.columns.items():
            print(f"  {table}: missing {', '.join(cols)}")
        quality = sum(len(r.findings) for r in audit.run_checks(area="data_quality"))
        if quality:
            print(f"  data-quality findings: {quality}")
        if gaps:
            print(
                "  the checks that read what is missing are not evaluable (`wgp-audit map status` lists them)"
            )
    return ExitCode.NOT_EVALUABLE if gaps else ExitCode.OK


def cmd_check(args: argparse.Namespace) -> int:
    """Run the checks and print a summary table; write findings (pseudonymised) as JSON."""
    from wgp_audit.audit import open_audit
    from wgp_audit.findings import exit_code, findings_rows, summary_rows
    from wgp_audit.notebook import log_cache_dir
    from wgp_audit.privacy import pseudonymiser
    from wgp_audit.progress import CheckProgress, outcome_cell, use_colour
    from wgp_audit.report.exports import out_format, write_check_out

    if args.out:
        out_format(args.out)  # .json, .csv or .xlsx: refused before anything runs
    with open_audit(
        _snapshot(_source(args), args),
        config=args.config,
        as_of=args.as_of,
        period_start=args.period_start,
        period_end=args.period_end,
        mapping=_mapping(args),
        strict_contract=args.strict_contract,
        log_cache=log_cache_dir(),
        **log_paths(args),
    ) as audit:
        progress = CheckProgress.for_terminal(sys.stderr)  # None when piped: stdout stays the table
        try:
            results = audit.run_checks(area=args.area, ids=tuple(args.id or ()), progress=progress)
        finally:
            if progress is not None:
                progress.finish()
        pseudo = pseudonymiser(full_names=audit.person_names())  # names in free text masked too
        for kind, result in audit.logs.items():
            print(
                f"{kind} logs: {result.lines_read} lines read, {result.parsed} parsed,"
                f" {result.rejected} rejected"
            )
            for rec in result.problems:
                print(f"  {safe_text(rec.path)}: {safe_text(rec.problem)}")
    summary = summary_rows(results)
    colour = use_colour(sys.stdout)
    print(f"{'check':<8} {'area':<13} {'sev':<7} {'outcome':<14} {'rows':>5}  title")
    for s in summary:
        print(
            f"{s['check_id']:<8} {s['area']:<13} {s['severity']:<7} "
            f"{outcome_cell(s['outcome'], 14, colour=colour)}"
            f" {s['findings']:>5}  {s['title']}"
        )
        if s["message"]:
            print(f"{'':<8} {safe_text(s['message'])}")
    for r in results:
        if r.spec.area == "data_quality":  # the operator's values, masked as in the reports
            reasons = [row["reason"] for row in findings_rows([r], pseudo)]
            for reason in reasons[:10]:
                print(f"{r.spec.id}: {safe_text(reason)}")
            if len(reasons) > 10:
                print(f"{r.spec.id}: ... and {len(reasons) - 10} more")
    code = exit_code(results)
    out = Path(args.out) if args.out else None
    if out is not None:
        written = write_check_out(out, summary, findings_rows(results, pseudo))
        print(f"findings written to {', '.join(str(p) for p in written)}")
    total = sum(s["findings"] for s in summary)
    print(f"{len(summary)} checks, {total} findings; exit code {int(code)} ({code.name.lower()})")
    return code


def _run_options(args: argparse.Namespace) -> Any:
    """RunOptions from the shared source arguments of `run` and `subject`."""
    from wgp_audit.report.run import RunOptions, previous_month

    period_start, period_end, as_of = args.period_start, args.period_end, args.as_of
    settings = workspace_settings()
    if getattr(args, "web_logs", None) or getattr(args, "app_logs", None):
        raise ParameterError(
            "reports take one log folder: --web-logs/--app-logs are for `check`",
            hint="give --logs DIR with web/ and app/ inside",
        )
    if getattr(args, "previous_month", False):
        if period_start or period_end:
            raise ParameterError(
                "--previous-month cannot be combined with --period-start/--period-end",
                hint="give either --previous-month or an explicit period",
            )
        period_start, period_end = previous_month()
        as_of = as_of or dt.date.today().isoformat()
    return RunOptions(
        source=args.source or settings.source,
        config=args.config,
        as_of=as_of,
        period_start=period_start,
        period_end=period_end,
        logs_dir=args.logs or (str(settings.logs) if settings.logs else None),
        sample_size=getattr(args, "sample_size", 5),
        sample_seed=getattr(args, "sample_seed", 20260131),
        reveal=getattr(args, "reveal", False),
        reports_dir=Path(args.reports) if args.reports else None,
        notebooks_dir=Path(args.notebooks) if args.notebooks else None,
        mapping=_mapping(args),
        strict_contract=args.strict_contract,
        keep_snapshot=getattr(args, "keep_snapshot", False),
        pdf=getattr(args, "pdf", False),
    )


def cmd_run(args: argparse.Namespace) -> int:
    """Execute every area notebook into reports/<run id>/ and print where the report is."""
    from wgp_audit.report.kernel import use_bytecode_cache

    use_bytecode_cache()  # before the run's imports, as its notebook kernels do
    from wgp_audit.report.run import run_audit

    outcome = run_audit(_snapshot_options(_run_options(args), args))
    d = outcome.diff
    print(
        f"compared with {d.previous_run or 'no previous run'}: {len(d.new)} new, "
        f"{len(d.resolved)} resolved, {len(d.persisting)} persisting findings"
    )
    for r in outcome.notebooks:
        if not r.ok:
            print(f"INCOMPLETE {r.output_path.stem}: {safe_text(r.failure_text())}", file=sys.stderr)
    print(f"report: {outcome.run_dir / 'index.html'}")
    print(f"exit code {int(outcome.exit_code)} ({outcome.exit_code.name.lower()})")
    return outcome.exit_code


def cmd_subject(args: argparse.Namespace) -> int:
    """Write the Art. 24 report of one person into reports/subjects/<pseudonym>-<run id>/."""
    from wgp_audit.report.subject_report import write_subject_report

    report = write_subject_report(args.user_id, _snapshot_options(_run_options(args), args))
    print(f"subject report: {report.html}")
    return ExitCode.OK


def _report_args(p: argparse.ArgumentParser) -> None:
    """Add the source options and the reports and notebooks folders to a parser."""
    _source_args(p)
    p.add_argument("--reports", default=None, help="reports folder (default: reports/)")
    p.add_argument("--notebooks", default=None, help="notebook templates folder (default: notebooks/)")


def cmd_init(args: argparse.Namespace) -> int:
    """Create a workspace: wgp-audit.toml, config/, mappings/, notebooks/ and reports/."""
    from wgp_audit.workspace import init_workspace

    result = init_workspace(Path(args.dir), force=args.force)
    print(f"workspace created in {result.root}")
    for path in result.created:
        print(f"  {path.relative_to(result.root)}")
    print(f"next: cd {args.dir} && wgp-audit demo && wgp-audit run   (or edit wgp-audit.toml)")
    return ExitCode.OK


def package_version() -> str:
    """The installed wgp-audit version (importlib.metadata)."""
    import importlib.metadata

    try:
        return importlib.metadata.version("wgp-audit")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed)"


def cmd_cache(args: argparse.Namespace) -> int:
    """Empty the log cache, or remove only the entries of log files that no longer exist."""
    from wgp_audit.logs.cache import clean, collect
    from wgp_audit.notebook import log_cache_dir
    from wgp_audit.terminal import safe_text

    folder = Path(args.cache_dir) if args.cache_dir else log_cache_dir()
    removed: list[tuple[str, int]]
    if args.missing:
        removed = [
            (
                f"{r.layout.parent.name}/{r.layout.name} {r.sha256[:12]} read from "
                + (", ".join(r.sources) if r.sources else "files not recorded")
                + " (gone or changed since)",
                r.bytes,
            )
            for r in collect(folder)
        ]
    else:
        removed = [(str(path), size) for path, size in clean(folder)]
    for what, size in removed:
        print(safe_text(f"removed {what}: {size:,} bytes"))
    total = sum(size for _, size in removed)
    print(safe_text(f"{len(removed)} removed from the log cache {folder}, {total:,} bytes"))
    return ExitCode.OK


def cmd_coverage(args: argparse.Namespace) -> int:
    """Print (or write) the coverage table of the requirements catalogue."""
    from wgp_audit.coverage import coverage, render_markdown

    rows = coverage()
    text = render_markdown(rows)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
        print(f"coverage written to {args.write}")
    else:
        print(text, end="")
    missing = [r.requirement.id for r in rows if not r.check and not r.reason]
    if missing:
        print(f"neither implemented nor explained: {', '.join(missing)}", file=sys.stderr)
        return ExitCode.CHECK_ERROR
    return ExitCode.OK


def cmd_map_init(args: argparse.Namespace) -> int:
    """Introspect a source and write a starting mapping folder to review."""
    from wgp_audit.mapping_cli import map_init

    return map_init(_source(args), Path(args.out), count_rows=not args.no_counts)


def cmd_map_status(args: argparse.Namespace) -> int:
    """Print, per contract table, mapped / partly mapped / absent and the checks each gap disables."""
    from wgp_audit.mapping_cli import map_status

    return map_status(_source(args), _mapping(args), config=args.config)


def _map_parser(sub: Any) -> None:
    """Add `wgp-audit map` and its subcommands (init, status) to the subparsers."""
    p = sub.add_parser("map", help="map an operator's own schema onto the data contract")
    maps = p.add_subparsers(dest="map_command", required=True)
    q = maps.add_parser("init", help="introspect the source; write a starting mapping with TODO lines")
    q.add_argument("--source", required=True, type=source_spec, help="the operator's source (as for check)")
    q.add_argument("--out", required=True, help="a new folder for the mapping")
    q.add_argument("--no-counts", action="store_true", help="do not count the rows of each table")
    q.set_defaults(func=cmd_map_init)
    q = maps.add_parser(
        "status",
        aliases=["validate"],
        help="per contract table: mapped, partly mapped or absent, and what it disables",
    )
    q.add_argument("--source", default=None, type=source_spec, help="the operator's source")
    q.add_argument("--mapping", default=None, help="the mapping folder (default: the workspace's)")
    q.add_argument("--config", default=None, help="yardstick TOML")
    q.set_defaults(func=cmd_map_status)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = argparse.ArgumentParser(
        prog="wgp-audit",
        description="Audit WGP LLP's personal data against its policy and L94.",
        epilog="exit codes: 0 no findings, 1 findings, 2 not evaluable, 3 check error, "
        "4 usage, 5 config, 6 source, 7 logs, 8 report, 9 internal error, 10 verify failed",
    )
    parser.add_argument("--version", action="version", version=f"wgp-audit {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="create a workspace to edit: wgp-audit.toml, yardstick, notebooks")
    p.add_argument("dir", help="the workspace folder (new or empty)")
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty folder, overwriting the files init writes",
    )
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("demo", help="write the synthetic demo dataset with planted violations")
    p.add_argument(
        "--flavour",
        choices=("wgp", "bitrix"),
        default="wgp",
        help="wgp: the contract's own tables in DuckDB (default); bitrix: a 1C-Bitrix "
        "site's tables as SQLite + a MySQL script, audited through mappings/bitrix",
    )
    p.add_argument(
        "--out", default=None, help="output folder (default: demo-data, or demo-data/bitrix for bitrix)"
    )
    p.add_argument("--users", type=int, default=None, help="number of users (default 3000; 300 for bitrix)")
    p.add_argument("--seed", type=int, default=None, help="random seed")
    p.add_argument("--log-lines", type=int, default=20000, help="web log lines (default 20000)")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("validate", help="check a source against the data contract")
    _source_args(p)
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("check", help="run the checks and print a summary")
    _source_args(p)
    p.add_argument("--area", default=None, help="run one area only (e.g. retention)")
    p.add_argument("--id", action="append", help="run one requirement (repeatable), e.g. RET-3")
    p.add_argument(
        "--out",
        default=None,
        help="write the findings here: FILE.json, FILE.csv (checks in FILE.checks.csv) "
        "or FILE.xlsx (a sheet per area)",
    )
    p.set_defaults(func=cmd_check)
    _map_parser(sub)
    p = sub.add_parser("coverage", help="which requirement each check implements, or why none")
    p.add_argument("--write", default=None, help="write the Markdown table to this file")
    p.set_defaults(func=cmd_coverage)
    p = sub.add_parser("run", help="run every area notebook into reports/<run id>/ (HTML, evidence)")
    _report_args(p)
    p.add_argument(
        "--previous-month",
        action="store_true",
        help="audit the previous calendar month (as of today unless --as-of)",
    )
    p.add_argument("--sample-size", type=int, default=5, help="follow-up sample per check (default 5)")
    p.add_argument("--sample-seed", type=int, default=20260131, help="seed of the follow-up samples")
    p.add_argument(
        "--keep-snapshot",
        action="store_true",
        help="keep the run's private snapshot folder (its path goes into evidence.json)",
    )
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also print every page to pdf/ with headless Chromium (before the evidence)",
    )
    p.add_argument(
        "--reveal",
        action="store_true",
        help="show raw personal values (logged in evidence.json; every page is marked)",
    )
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("subject", help="write one person's Art. 24 report (only on explicit request)")
    _report_args(p)
    p.add_argument("--user-id", required=True, help="the person's user_id")
    p.set_defaults(func=cmd_subject)
    p = sub.add_parser("cache", help="manage the log cache (it holds personal data from the logs)")
    cache_sub = p.add_subparsers(dest="cache_command", required=True)
    p = cache_sub.add_parser("clean", help="remove everything the log cache holds")
    p.add_argument(
        "--missing", action="store_true", help="remove only the entries of log files that no longer exist"
    )
    p.add_argument(
        "--cache-dir", default=None, help="the cache folder (default: $WGP_AUDIT_LOG_CACHE, else .cache/logs)"
    )
    p.set_defaults(func=cmd_cache)
    from wgp_audit.evidence_cli import add_parsers as add_evidence_parsers

    add_evidence_parsers(sub, _source_args)  # verify, sign, sample
    from wgp_audit.register_cli import add_parsers as add_register_parsers

    add_register_parsers(sub)  # register list|assign|status
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: returns the exit code (see ExitCode)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return ExitCode.OK if exc.code == 0 else ExitCode.USAGE
    func: Command = args.func
    try:
        return int(func(args))
    except ParameterError as exc:
        print(f"wgp-audit: refused: {safe_text(exc)}", file=sys.stderr)
        return int(exc.exit_code)
    except WgpAuditError as exc:
        print(f"wgp-audit: error: {safe_text(exc)}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("wgp-audit: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Exception as exc:  # the last resort: a documented code and a readable message, no traceback
        from wgp_audit.crash import explain

        error, _ = explain(exc)
        print(f"wgp-audit: error: {safe_text(error)}", file=sys.stderr)
        return int(error.exit_code)


if __name__ == "__main__":
    sys.exit(main())
