"""End-to-end benchmark: a whole audit at three scales, phase by phase, with its cost curve.

Run: .venv/bin/python benchmarks/e2e_bench.py --scales small,medium [--out /tmp/wgp-e2e]

Every phase runs in its own subprocess, so its figures are its own: wall time, the peak RSS of its
largest process (os.wait4: the child and any descendant it waited for, e.g. notebook kernels) and the
peak RSS summed over its whole process tree (sampled every 0.2 s: parallel kernels add up).
Generated datasets are cached under OUT/data/<scale>-s<seed>/ and reused by later invocations.
Results of every scale measured so far are merged into benchmarks/results/e2e.json, from which
e2e.md (table, growth ratios, targets) and e2e.png / e2e.svg (time vs scale, log-log) are written.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

REPO: Final = Path(__file__).resolve().parent.parent
PY: Final = sys.executable
WGP: Final = str(Path(PY).with_name("wgp-audit"))
RESULTS: Final = REPO / "benchmarks" / "results"


@dataclass(frozen=True)
class Scale:
    """A dataset size: demo users and web log lines."""

    name: str
    users: int
    log_lines: int
    opt_in: bool = False


SCALES: Final = {
    s.name: s
    for s in (
        Scale("tiny", 2_000, 50_000),  # a smoke test of the harness itself
        Scale("small", 10_000, 1_000_000),
        Scale("medium", 100_000, 10_000_000),
        Scale("large", 1_000_000, 100_000_000, opt_in=True),
    )
}
#: Phases in table order; the rows that make up an audit are all but "generate".
PHASES: Final = (
    "generate",
    "validate",
    "ingest web cold",
    "ingest web warm",
    "ingest app cold",
    "ingest app warm",
    "checks: open (warm logs)",
    "checks: run_checks",
    "notebooks + HTML (warm logs)",
    "run cold",
    "run warm",
)
TARGET_MB: Final = 1536


@dataclass
class Row:
    """One measured phase at one scale."""

    scale: str
    users: int
    log_lines: int
    phase: str
    seconds: float
    peak_mb: float  # largest single process (os.wait4)
    tree_mb: float  # the process tree's summed RSS, sampled
    load: float  # 1-minute load average when the phase started
    note: str = ""
    cpu_s: float = 0.0  # user + system CPU seconds of the child and the descendants it waited for


# ---------------------------------------------------------------- children: one phase each


def child(phase: str, a: Mapping[str, Any]) -> dict[str, Any]:
    """Run one phase in this (child) process; return what it found, printed as JSON by main."""
    if phase == "generate":
        from wgp_audit.demo import generate

        demo = generate(Path(a["dir"]), users=a["users"], seed=a["seed"], log_lines=a["log_lines"])
        return {"logs": str(demo.logs) if demo.logs else None}
    if phase == "validate":
        from wgp_audit.audit import open_audit

        with open_audit(a["db"], memory_limit=a["memory_limit"], temp_dir=Path(a["spill"])) as audit:
            return {"quality": sum(len(r.findings) for r in audit.run_checks(area="data_quality"))}
    if phase in ("ingest web", "ingest app"):
        from wgp_audit.logs import ingest_app_logs, ingest_web_logs

        ingest = ingest_web_logs if phase == "ingest web" else ingest_app_logs
        r = ingest(Path(a["logs"]), cache_dir=Path(a["cache"]))
        cached = sum(f.from_cache for f in r.files)
        return {"lines": r.lines_read, "rejected": r.rejected, "from_cache": cached}
    if phase == "checks":
        from wgp_audit.audit import open_audit

        t0 = time.perf_counter()
        audit = open_audit(
            a["db"],
            web_logs=Path(a["logs"]) / "web",
            app_logs=Path(a["logs"]) / "app",
            log_cache=Path(a["cache"]),
            memory_limit=a["memory_limit"],
            temp_dir=Path(a["spill"]),
        )
        t1 = time.perf_counter()
        with audit:
            results = audit.run_checks()
        t2 = time.perf_counter()
        slow = sorted(results, key=lambda r: -r.seconds)[:4]
        return {
            "open_s": t1 - t0,
            "checks_s": t2 - t1,
            "checks": len(results),
            "findings": sum(len(r.findings) for r in results),
            "slowest": ", ".join(f"{r.spec.id} {r.seconds:.1f} s" for r in slow),
        }
    if phase == "notebooks":
        from wgp_audit.report.execute import NotebookJob, execute_many
        from wgp_audit.report.html import export_html
        from wgp_audit.report.run import RunOptions, area_notebooks, validate

        # the parameters `wgp-audit run` gives its notebooks (validate opens the audit once: not timed)
        params = validate(RunOptions(source=a["db"], logs_dir=a["logs"]))
        reports = Path(a["reports"])
        t0 = time.perf_counter()
        jobs = [
            NotebookJob(nb, reports / "notebooks" / nb.name, params)
            for nb in area_notebooks(REPO / "notebooks")
        ]
        executed = execute_many(jobs, progress=False)  # as run_audit does
        for e in executed:
            export_html(e.output_path, reports / f"{e.output_path.stem}.html")
        return {
            "seconds": time.perf_counter() - t0,
            "notebooks": len(executed),
            "failed": [e.output_path.stem for e in executed if not e.ok],
        }
    raise SystemExit(f"unknown phase {phase}")


# ---------------------------------------------------------------- the measuring parent


def _tree_rss_mb(pid: int) -> float:
    """Summed RSS of a process and its descendants, in MB (0 once it is gone)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total / 2**20


def measure(
    cmd: Sequence[str], env: Mapping[str, str] | None = None, ok_codes: tuple[int, ...] = (0,)
) -> tuple[float, float, float, str, int, float]:
    """Run a command; return wall seconds, peak RSS of its largest process, peak tree RSS (MB), stdout,
    exit code and CPU seconds (user + system, its waited-for descendants included)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env={**os.environ, **(env or {})})
        peak_tree = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                peak_tree[0] = max(peak_tree[0], _tree_rss_mb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage, not RUSAGE_CHILDREN's running max
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in ok_codes:
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace")[-3000:])
            raise SystemExit(f"{' '.join(cmd)} failed with exit code {code}")
        out.seek(0)
        peak = usage.ru_maxrss / 1024
        cpu = usage.ru_utime + usage.ru_stime
        return seconds, peak, max(peak_tree[0], peak), out.read().decode(), code, cpu


def run_child(
    phase: str,
    args: Mapping[str, Any],
    env: Mapping[str, str] | None = None,
) -> tuple[float, float, float, dict[str, Any], float]:
    """Measure `child(phase, args)` in a fresh interpreter (the last value: its CPU seconds)."""
    seconds, peak, tree, out, _, cpu = measure([PY, __file__, "--child", phase, json.dumps(dict(args))], env)
    return seconds, peak, tree, json.loads(out.strip().splitlines()[-1]), cpu


def dataset(scale: Scale, seed: int, data_root: Path) -> tuple[Path, dict[str, Any]]:
    """The cached dataset of a scale, generated (and measured) if it is not there yet."""
    folder = data_root / f"{scale.name}-u{scale.users}-l{scale.log_lines}-s{seed}"
    meta_file = folder / "bench-generate.json"
    if meta_file.is_file():
        meta: dict[str, Any] = json.loads(meta_file.read_text())
        meta["note"] = f"cached, measured {meta['measured_at']}"
        return folder, meta
    shutil.rmtree(folder, ignore_errors=True)
    load = os.getloadavg()[0]
    print(f"[{scale.name}] generating {scale.users:,} users, {scale.log_lines:,} log lines ...", flush=True)
    seconds, peak, tree, found, cpu = run_child(
        "generate", {"dir": str(folder), "users": scale.users, "seed": seed, "log_lines": scale.log_lines}
    )
    if not found["logs"]:
        raise SystemExit("the demo generator wrote no logs")
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    meta = {
        "seconds": seconds,
        "cpu_s": cpu,
        "peak_mb": peak,
        "tree_mb": tree,
        "load": load,
        "bytes": size,
        "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
        "note": "",
    }
    meta_file.write_text(json.dumps(meta, indent=1))
    return folder, meta


def bench_scale(scale: Scale, seed: int, out: Path, memory_limit: str, skip: Sequence[str] = ()) -> list[Row]:
    """Measure every phase at one scale (but those in `skip`); print and log each row as measured.

    Rows are also appended to OUT/rows-<scale>.jsonl as they come, so a run stopped part way keeps
    what it measured.
    """
    data, gen = dataset(scale, seed, out / "data")
    db, logs = data / "wgp.duckdb", data / "logs"
    work = out / "work" / scale.name
    shutil.rmtree(work, ignore_errors=True)
    spill = work / "spill"
    tmp = work / "tmp"  # TMPDIR of `wgp-audit run`: each DuckDB connection spills into a folder here
    for d in (spill, tmp):
        d.mkdir(parents=True)
    rows: list[Row] = []

    partial = out / f"rows-{scale.name}.jsonl"

    def add(
        phase: str, seconds: float, peak: float, tree: float, load: float, note: str = "", cpu: float = 0.0
    ) -> None:
        row = Row(scale.name, scale.users, scale.log_lines, phase, seconds, peak, tree, load, note, cpu)
        rows.append(row)
        with partial.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(row)) + "\n")
        print(
            f"[{scale.name}] {phase:<30} {seconds:9.2f} s {cpu:9.2f} CPU s {peak:8.0f} MB "
            f"{tree:8.0f} MB tree load {load:4.2f}  {note}",
            flush=True,
        )

    add(
        "generate",
        gen["seconds"],
        gen["peak_mb"],
        gen["tree_mb"],
        gen["load"],
        "; ".join(x for x in (f"{gen['bytes'] / 1e6:,.0f} MB on disk", gen["note"]) if x),
        gen.get("cpu_s", 0.0),
    )
    base = {"db": str(db), "logs": str(logs), "memory_limit": memory_limit, "spill": str(spill)}
    load = os.getloadavg()[0]
    s, p, t, found, c = run_child("validate", base)
    add("validate", s, p, t, load, f"{found['quality']} data-quality issues", c)
    cache = work / "log-cache"
    for kind in ("web", "app"):
        kcache = work / f"ingest-cache-{kind}"
        for temp in ("cold", "warm"):
            load = os.getloadavg()[0]
            s, p, t, found, c = run_child(f"ingest {kind}", {"logs": str(logs / kind), "cache": str(kcache)})
            add(
                f"ingest {kind} {temp}",
                s,
                p,
                t,
                load,
                f"{found['lines']:,} lines, "
                f"{found['rejected']:,} rejected, {found['from_cache']} files from cache",
                c,
            )
        # the warm cache of the audit: both kinds in one folder, as open_audit and `run` use it
        shutil.copytree(kcache, cache, dirs_exist_ok=True)
    load = os.getloadavg()[0]
    s, p, t, found, c = run_child("checks", {**base, "cache": str(cache)})
    add("checks: open (warm logs)", found["open_s"], p, t, load, "peak MB, CPU s: the whole child", c)
    add(
        "checks: run_checks",
        found["checks_s"],
        p,
        t,
        load,
        f"{found['checks']} checks, {found['findings']:,} findings; slowest: {found['slowest']}",
    )
    env = {"WGP_AUDIT_LOG_CACHE": str(cache), "TMPDIR": str(tmp)}
    if "notebooks + HTML (warm logs)" not in skip:
        load = os.getloadavg()[0]
        s, p, t, found, c = run_child("notebooks", {**base, "reports": str(work / "nb-reports")}, env)
        failed = f", FAILED: {found['failed']}" if found["failed"] else ""
        add(
            "notebooks + HTML (warm logs)",
            found["seconds"],
            p,
            t,
            load,
            f"{found['notebooks']} notebooks in parallel{failed}; peak MB, CPU s incl. an untimed open_audit",
            c,
        )
    # with "run cold" skipped, "run warm" uses the log cache the ingestion phases warmed
    run_cache = work / "run-log-cache" if "run cold" not in skip else cache
    for temp in ("cold", "warm"):
        if f"run {temp}" in skip:
            continue
        load = os.getloadavg()[0]
        cmd = [WGP, "run", "--source", str(db), "--logs", str(logs), "--reports", str(work / "reports")]
        # 8: a notebook failed (the run is timed all the same, and the failure is named in the note)
        s, p, t, _, code, c = measure(
            cmd, {"WGP_AUDIT_LOG_CACHE": str(run_cache), "TMPDIR": str(tmp)}, ok_codes=(0, 1, 2, 8)
        )
        add(f"run {temp}", s, p, t, load, f"exit {code}; " + slowest_notebooks(work / "reports"), c)
    return rows


def slowest_notebooks(reports: Path, n: int = 3) -> str:
    """The slowest notebooks of the newest run under `reports`, from its run.json."""
    newest = max(reports.glob("*/run.json"), key=lambda p: p.stat().st_mtime, default=None)
    if newest is None:
        return "no run.json"
    nbs = sorted(json.loads(newest.read_text())["notebooks"], key=lambda x: -x["seconds"])
    failed = [f"{x['name']} INCOMPLETE ({(x['failure'] or '')[:100]})" for x in nbs if x["status"] != "ok"]
    return "; ".join(
        [*failed, "slowest notebooks: " + ", ".join(f"{x['name']} {x['seconds']} s" for x in nbs[:n])]
    )


# ---------------------------------------------------------------- report: table, ratios, targets, chart


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| scale | users | log lines | phase | wall s | CPU s | peak MB (largest process) | peak MB (tree) "
        "| load | note |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        cpu = f"{r.cpu_s:,.2f}" if r.cpu_s else "—"
        lines.append(
            f"| {r.scale} | {r.users:,} | {r.log_lines:,} | {r.phase} | {r.seconds:,.2f} | {cpu} | "
            f"{r.peak_mb:,.0f} | {r.tree_mb:,.0f} | {r.load:.2f} | {cell(r.note)} |"
        )
    return "\n".join(lines)


def growth(rows: Sequence[Row]) -> list[tuple[str, str, str, float, float, float | None]]:
    """For each phase and pair of consecutive scales measured: (phase, from, to, data x, time x, CPU x).

    CPU x is None unless both rows have CPU seconds (rows measured before the column existed).
    """
    order = [s for s in SCALES if any(r.scale == s for r in rows)]
    by = {(r.scale, r.phase): r for r in rows}
    out = []
    for phase in PHASES:
        for lo, hi in itertools.pairwise(order):
            a, b = by.get((lo, phase)), by.get((hi, phase))
            if a and b and a.seconds > 0:
                cx = b.cpu_s / a.cpu_s if a.cpu_s and b.cpu_s else None
                out.append((phase, lo, hi, b.log_lines / a.log_lines, b.seconds / a.seconds, cx))
    return out


def growth_table(rows: Sequence[Row]) -> str:
    """Growth ratios as Markdown; a phase growing faster than its data is marked."""
    lines = [
        "| phase | from → to | data × | time × | CPU × | ≤ data × (CPU where measured, else time) |",
        "|---|---|---:|---:|---:|---|",
    ]
    for phase, lo, hi, dx, tx, cx in growth(rows):
        c = f"{cx:.2f}" if cx is not None else "—"
        ok = (cx if cx is not None else tx) <= dx
        lines.append(f"| {phase} | {lo} → {hi} | {dx:.0f} | {tx:.2f} | {c} | {'yes' if ok else 'NO'} |")
    return "\n".join(lines)


def targets(rows: Sequence[Row]) -> list[tuple[str, str, bool | None]]:
    """The issue's targets: (target, measured, met); met is None when the figure is missing."""
    by = {(r.scale, r.phase): r for r in rows}

    def sec(scale: str, phase: str) -> float | None:
        r = by.get((scale, phase))
        return r.seconds if r else None

    out: list[tuple[str, str, bool | None]] = []
    for label, phase, limit in (
        ("whole run, medium, warm log cache < 30 s", "run warm", 30.0),
        ("whole run, medium, cold log cache < 60 s", "run cold", 60.0),
        ("all checks, medium < 5 s", "checks: run_checks", 5.0),
    ):
        s, r = sec("medium", phase), by.get(("medium", phase))
        if s is None or r is None:
            out.append((label, "not measured", None))
        elif r.note.startswith("exit 8"):  # a notebook failed: not a whole audit, so not a met target
            out.append((label, f"{s:,.1f} s, but the run was INCOMPLETE (exit 8, see its note)", False))
        else:
            out.append((label, f"{s:,.1f} s", s < limit))
    for scale in SCALES:
        mine = [r for r in rows if r.scale == scale and r.phase != "generate"]
        if mine:
            worst = max(mine, key=lambda r: r.tree_mb)
            out.append(
                (
                    f"peak memory < 1.5 GB, {scale} (audit phases, process tree)",
                    f"{worst.tree_mb:,.0f} MB ({worst.phase}; largest process "
                    f"{max(r.peak_mb for r in mine):,.0f} MB)",
                    worst.tree_mb < TARGET_MB,
                )
            )
    g = [x for x in growth(rows) if x[0] != "generate"]
    if g:
        bad = [
            f"{p} {lo}→{hi} ×{cx if cx is not None else tx:.1f}"
            for p, lo, hi, dx, tx, cx in g
            if (cx if cx is not None else tx) > dx
        ]
        label = "10× data → at most 10× CPU time (wall time where CPU was not measured; audit phases)"
        out.append((label, "; ".join(bad) or "all within", not bad))
    return out


def targets_table(rows: Sequence[Row]) -> str:
    """Targets as Markdown."""
    mark = {True: "met", False: "MISSED", None: "—"}
    return "\n".join(
        ["| target | measured | |", "|---|---|---|"]
        + [f"| {t} | {m} | {mark[ok]} |" for t, m, ok in targets(rows)]
    )


def chart(rows: Sequence[Row], stem: Path) -> list[Path]:
    """Time vs data size on log-log axes, one line per phase; saved as PNG and SVG (vl-convert)."""
    import altair as alt

    data = [
        {"log lines": r.log_lines, "seconds": max(r.seconds, 0.01), "phase": r.phase, "scale": r.scale}
        for r in rows
    ]
    values = alt.Data(values=data)  # type: ignore[no-untyped-call]
    c = (
        alt.Chart(values, title="wgp-audit end to end: wall time vs scale")
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "log lines:Q",
                scale=alt.Scale(type="log"),
                title="web log lines (small, medium, large: users = lines / 100)",
            ),
            y=alt.Y("seconds:Q", scale=alt.Scale(type="log"), title="wall time, s"),
            color=alt.Color("phase:N", sort=list(PHASES), scale=alt.Scale(scheme="category20")),
            tooltip=["scale:N", "phase:N", "seconds:Q"],
        )
        .properties(width=560, height=360)
    )
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    for p in paths:
        c.save(str(p))
    return paths


def write_report(rows: Sequence[Row], header: Mapping[str, str], results: Path) -> str:
    """Write e2e.md, e2e.png and e2e.svg; return the Markdown."""
    meta = "\n".join(f"- {k}: {v}" for k, v in header.items())
    text = (
        f"# End-to-end benchmark\n\n{meta}\n\n"
        "Each phase ran in its own subprocess. *peak MB (largest process)* is the child's RSS\n"
        "high-water mark from `os.wait4` (descendants included as a maximum, not a sum); *peak MB\n"
        "(tree)* sums the RSS of the child and all its descendants, sampled every 0.2 s, so parallel\n"
        "notebook kernels add up. *load* is the 1-minute load average when the phase started.\n\n"
        f"{markdown_table(rows)}\n\n## Growth from each scale to the next\n\n{growth_table(rows)}\n\n"
        f"## Targets\n\n{targets_table(rows)}\n\n![time vs scale](e2e.svg)\n"
    )
    (results / "e2e.md").write_text(text, encoding="utf-8")
    chart(rows, results / "e2e")
    return text


def main() -> None:
    """Measure the scales asked for, merge them with earlier results, write and print the report."""
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], json.loads(sys.argv[3]))))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--scales",
        default="small,medium",
        help=f"comma-separated, of {', '.join(SCALES)} (large: 1M users, 100M lines, opt-in)",
    )
    ap.add_argument(
        "--out",
        type=Path,
        default=Path("/tmp/wgp-e2e"),
        help="scratch folder: cached datasets (data/), log caches, spill, reports (work/)",
    )
    ap.add_argument("--results", type=Path, default=RESULTS, help="where e2e.json/.md/.png/.svg go")
    ap.add_argument("--seed", type=int, default=20260131)
    ap.add_argument(
        "--memory-limit",
        default="1GB",
        help="DuckDB memory_limit of the open_audit phases (`wgp-audit run` keeps its 2GB)",
    )
    ap.add_argument("--fresh", action="store_true", help="forget earlier results in e2e.json")
    ap.add_argument(
        "--skip",
        default="",
        help="comma-separated phases not to measure: 'notebooks + HTML (warm logs)', 'run cold', 'run warm'",
    )
    ap.add_argument("--report-only", action="store_true", help="rewrite e2e.md and the chart from e2e.json")
    ap.add_argument("--force-large", action="store_true", help="run the large scale despite the size checks")
    args = ap.parse_args()
    names = [s.strip() for s in args.scales.split(",") if s.strip()]
    skip = [s.strip() for s in args.skip.split(",") if s.strip()]
    unknown = [n for n in names if n not in SCALES]
    if unknown:
        ap.error(f"unknown scale(s) {unknown}; use {', '.join(SCALES)}")
    free = shutil.disk_usage(args.out if args.out.exists() else args.out.parent).free
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    if "large" in names and not args.force_large and (free < 40e9 or ram < 4 * 2**30):
        ap.error(
            f"large needs ~15 GB of data plus log caches and reports (~40 GB free; {free / 1e9:.0f} GB "
            f"free under {args.out.parent}) and ~4 GB of RAM ({ram / 2**30:.0f} GB here; the demo "
            "generator streams, the audit phases spill); --force-large tries anyway"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    args.results.mkdir(parents=True, exist_ok=True)
    store = args.results / "e2e.json"
    if args.report_only:
        saved = json.loads(store.read_text())
        print(write_report([Row(**r) for r in saved["rows"]], saved["header"], args.results))
        return
    old = [] if args.fresh or not store.is_file() else json.loads(store.read_text())["rows"]
    rows = [Row(**r) for r in old if r["scale"] not in names]
    for name in names:
        rows += bench_scale(SCALES[name], args.seed, args.out, args.memory_limit, skip)
    rows.sort(key=lambda r: (list(SCALES).index(r.scale), PHASES.index(r.phase)))
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    header = {
        "command": f"`.venv/bin/python benchmarks/e2e_bench.py --scales {','.join(names)}`",
        "last measured": f"{dt.datetime.now().isoformat(timespec='minutes')} at commit {commit}",
        "machine": f"{os.cpu_count()} vCPU, {ram_gb:.0f} GB RAM, shared (see the load column)",
        "DuckDB": f"open_audit phases: memory_limit {args.memory_limit}, temp_dir in the scratch folder; "
        "`wgp-audit run`: $WGP_AUDIT_MEMORY_LIMIT per connection (default 1GB), each connection "
        "spilling into its own folder under $TMPDIR (set to the scratch folder); log ingestion: "
        "its own 512MB",
    }
    store.write_text(json.dumps({"header": header, "rows": [asdict(r) for r in rows]}, indent=1))
    print()
    print(write_report(rows, header, args.results))


if __name__ == "__main__":
    main()
