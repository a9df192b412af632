"""Benchmark web-log ingestion: wgp-audit vs GoAccess, a plain Python `re` loop, single DuckDB
queries (`read_csv` + `regexp_extract`; `read_csv` splitting the line as CSV), plus the gunzip floor.

Run: .venv/bin/python benchmarks/logs_bench.py --lines 10000000 --out /tmp/wgp-bench
Each contender runs in its own subprocess; its peak memory is that process's RSS high-water mark,
and the load average (1 min) is read before and after it. With --results DIR the table is also
written to DIR/logs.json and DIR/logs.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "curl/8.5.0",
    "-",
]
PATHS = ["/", "/ru/catalog", "/kz/news/", "/api/v1/profile", "/login", "/static/app.js", "/img/logo.png"]
REFS = ["-", "https://www.wgp.kz/", "https://www.google.kz/", "https://yandex.kz/search/?text=wgp"]
MALFORMED = [  # nginx writes bytes of a TLS handshake escaped, as below
    '"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03" 400 157 "-" "-"',
    '"-" 408 0 "-" "-"',
    '"GET /s?q=\\"x\\" HTTP/1.1" 200 5 "-" "say \\"hi\\""',
    '"GET /cut HTTP/1.1" 200 5 "http://ref',
]
RE_LOOP = r"""
import re, sys
Q = r'"((?:[^"\\]|\\.)*)"'
pat = re.compile(rf'(\S+) (\S+) (\S+) \[([^\]]*)\] {Q} (\S+) (\S+)(?: {Q} {Q})?')
ok = bad = 0
with open(sys.argv[1], "rb") as fh:
    for raw in fh:
        m = pat.fullmatch(raw.rstrip(b"\n").decode("utf-8", "replace"))
        if m: ok += 1
        else: bad += 1
print(ok + bad, ok, bad)
"""
WGP = """
import sys
from pathlib import Path
from wgp_audit.logs import ingest_web_logs
r = ingest_web_logs(sys.argv[2:], cache_dir=Path(sys.argv[1]))
print(r.lines_read, r.parsed, r.rejected, sum(f.from_cache for f in r.files))
"""


def generate(n: int, path: Path, days: int = 30, seed: int = 7) -> None:
    """Write n combined-format lines over `days` days, vectorised with polars (about 1 in 50k malformed)."""
    import polars as pl  # imported here: the measuring parent process stays small

    step_us = days * 86_400_000_000 // max(n, 1)
    with path.open("wb") as out:
        for start in range(0, n, 1_000_000):
            i = pl.int_range(start, min(n, start + 1_000_000), dtype=pl.UInt64)

            def r(k: int, mod: int, i: pl.Expr = i) -> pl.Expr:
                return (i.hash(seed * 1000 + k) % mod).cast(pl.Int64)

            def pick(k: int, vals: list[str]) -> pl.Expr:
                return r(k, len(vals)).replace_strict(list(range(len(vals))), vals, return_dtype=pl.String)

            ip = (
                pl.when(r(1, 100) < 5)
                .then(pl.format("2a02:{}:{}::{}", r(2, 65535), r(3, 65535), r(4, 255)))
                .otherwise(pl.format("{}.{}.{}.{}", r(2, 223) + 1, r(3, 255), r(4, 255), r(5, 254) + 1))
            )
            ts = (
                (i.cast(pl.Int64) * step_us + 1_714_500_000_000_000)
                .cast(pl.Datetime("us", "UTC"))
                .dt.convert_time_zone("Asia/Atyrau")
                .dt.strftime("[%d/%b/%Y:%H:%M:%S %z]")
            )
            size = r(8, 500_000)
            request = pl.format(
                '"{} {}?id={} HTTP/1.1" {} {} "{}" "{}"',
                pick(6, ["GET", "GET", "GET", "POST", "HEAD"]),
                pick(7, PATHS),
                r(9, 100_000),
                pick(10, ["200", "200", "200", "304", "404", "301", "500"]),
                pl.when(size % 17 == 0).then(pl.lit("-")).otherwise(size.cast(pl.String)),
                pick(11, REFS),
                pick(12, UAS),
            )
            bad = r(13, 50_000)
            tail = pl.when(bad < len(MALFORMED)).then(pick(14, MALFORMED)).otherwise(request)
            lines = pl.select(pl.format("{} - - {} {}", ip, ts, tail).alias("l"))["l"]
            out.write(("\n".join(lines.to_list()) + "\n").encode())


FIELDS = [
    "remote_addr",
    "remote_user",
    "ts",
    "method",
    "path",
    "protocol",
    "status",
    "bytes",
    "referer",
    "user_agent",
]
_TYPED = (
    "nullif(remote_user, '-') as remote_user, try_strptime({ts}, '{fmt}') as ts, {request}, "
    "try_cast(status as integer) as status, coalesce(try_cast(nullif(bytes, '-') as bigint), 0) as bytes, "
    "nullif(referer, '-') as referer, nullif(user_agent, '-') as user_agent"
)


def duckdb_regexp(src: str, out: str) -> None:
    """One DuckDB query doing similar work: each line as one column, `regexp_extract` of the fields
    into a struct, typed columns, one Parquet file; prints lines, matched, unmatched."""
    import duckdb

    con = duckdb.connect(config={"threads": 2, "memory_limit": "1GB"})
    con.execute("set enable_progress_bar = false")
    q = r'"((?:[^"\\]|\\.)*)"'
    rx = (
        r"(\S+) \S+ (\S+) \[([^\]]*)\] "
        rf'"([A-Z][A-Z0-9_-]*) (\S+) (HTTP/[0-9.]+)" ([0-9]{{3}}) ([0-9]+|-) {q} {q}'
    )
    lines = (
        f"read_csv('{src}', columns = {{'l': 'VARCHAR'}}, header = false, delim = '\r', quote = '', "
        "escape = '', auto_detect = false, max_line_size = 4194304)"
    )
    typed = _TYPED.format(ts="ts", fmt="%d/%b/%Y:%H:%M:%S %z", request="method, path, protocol")
    sql = (
        f"select remote_addr, {typed} from (select unnest(regexp_extract(l, '^{rx}$', {FIELDS!r})) "
        f"from {lines}) where remote_addr <> ''"
    )
    con.execute(f"copy ({sql}) to '{out}' (format parquet)")
    n = con.execute(f"select count(*) from {lines}").fetchone()
    ok = con.execute(f"select count(*) from read_parquet('{out}')").fetchone()
    assert n is not None and ok is not None
    print(n[0], ok[0], n[0] - ok[0])


def duckdb_csv(src: str, out: str) -> None:
    """DuckDB's CSV reader splitting a combined line itself (space delimiter, '"' quote), typed
    columns, one Parquet file; prints rows + distinct reject lines, rows, rejects. Fast, but not
    exact (benchmarks/README.md): a line cut inside a quoted field swallows the next line, later
    reject numbers are row counts, empty lines vanish, and an escape character would strip the
    backslash of nginx's \\xHH escapes."""
    import duckdb

    con = duckdb.connect(config={"threads": 2, "memory_limit": "1GB"})
    con.execute("set enable_progress_bar = false")
    cols = [
        "remote_addr",
        "ident",
        "remote_user",
        "t1",
        "t2",
        "request",
        "status",
        "bytes",
        "referer",
        "user_agent",
    ]
    spec = ", ".join(f"'{c}': 'VARCHAR'" for c in cols)
    reader = (
        f"read_csv('{src}', columns = {{{spec}}}, header = false, delim = ' ', quote = '\"', escape = '', "
        "auto_detect = false, strict_mode = true, store_rejects = true, null_padding = false, "
        "max_line_size = 4194304)"
    )
    request = ", ".join(f"split_part(request, ' ', {k}) as {n}" for k, n in enumerate(FIELDS[3:6], 1))
    typed = _TYPED.format(ts="t1 || ' ' || t2", fmt="[%d/%b/%Y:%H:%M:%S %z]", request=request)
    got = con.execute(
        f"copy (select remote_addr, {typed} from {reader}) to '{out}' (format parquet)"
    ).fetchone()
    rejected = con.execute("select count(distinct line) from reject_errors").fetchone()
    assert got is not None and rejected is not None
    print(got[0] + rejected[0], got[0], rejected[0])


def rotate(plain: Path, folder: Path, files: int) -> list[Path]:
    """Cut the plain log into `files` rotated .gz files (access.log.1.gz, ...), gzip -6, two at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["split", "-n", f"l/{files}", "-d", str(plain), str(folder / "part")], check=True)
    parts = sorted(folder.glob("part*"))
    targets = []
    procs: list[subprocess.Popen[bytes]] = []
    for k, part in enumerate(parts, 1):
        target = folder / f"access.log.{k}.gz"
        with part.open("rb") as src, target.open("wb") as dst:
            procs.append(subprocess.Popen(["gzip", "-6", "-c"], stdin=src, stdout=dst))
        targets.append(target)
        if len(procs) == 2:
            [p.wait() for p in procs]
            procs = []
    [p.wait() for p in procs]
    for part in parts:
        part.unlink()
    return targets


def measure(cmd: list[str] | str, *, shell: bool = False) -> tuple[float, float, float, str]:
    """Run a command; return wall seconds, the child's CPU seconds (user + system, with the
    children it waited for), its peak RSS in MB, and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, shell=shell, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{cmd!r} failed with {proc.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.strip()


def main() -> None:
    """Generate the logs, run every contender once, print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lines", type=int, default=10_000_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/wgp-bench"))
    ap.add_argument("--gz-files", type=int, default=4)
    ap.add_argument(
        "--goaccess-lines",
        type=int,
        default=500_000,
        help="GoAccess runs ~20k lines/s: it gets a prefix of this many lines",
    )
    ap.add_argument("--re-lines", type=int, default=2_000_000, help="lines given to the Python re loop")
    ap.add_argument("--results", type=Path, help="also write logs.json and logs.md into this folder")
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    plain = out / "access.log"
    if not plain.exists() or int(subprocess.check_output(["wc", "-l", str(plain)]).split()[0]) != args.lines:
        t = time.perf_counter()
        code = (
            "import sys; sys.path.insert(0, sys.argv[1]); import logs_bench as b; "
            "b.generate(int(sys.argv[2]), b.Path(sys.argv[3]))"
        )
        subprocess.run([PY, "-c", code, str(Path(__file__).parent), str(args.lines), str(plain)], check=True)
        shutil.rmtree(out / "rotated", ignore_errors=True)
        print(
            f"generated {args.lines:,} lines ({plain.stat().st_size / 1e6:,.0f} MB) in "
            f"{time.perf_counter() - t:.1f} s"
        )
    rotated = sorted((out / "rotated").glob("access.log.*.gz"))
    rotated = rotated or rotate(plain, out / "rotated", args.gz_files)
    prefix = out / "prefix.log"
    for n, target in ((args.goaccess_lines, prefix), (args.re_lines, out / "re.log")):
        subprocess.run(f"head -n {n} {plain} > {target}", shell=True, check=True)

    rows: list[tuple[str, int, float, float, float, str, float, float]] = []

    def run(name: str, lines: int, cmd: list[str] | str, shell: bool = False) -> None:
        before = os.getloadavg()[0]
        seconds, cpu, mb, text = measure(cmd, shell=shell)
        after = os.getloadavg()[0]
        rows.append((name, lines, seconds, cpu, mb, text, before, after))
        print(
            f"{name:<44} {lines:>11,} lines {seconds:8.2f} s {cpu:8.2f} CPU-s "
            f"{lines / seconds:>11,.0f} lines/s "
            f"{mb:8.0f} MB  load {before:.1f}->{after:.1f}  [{text[:60]}]",
            flush=True,
        )

    def helper(name: str, *args: str) -> list[str]:
        code = f"import sys; sys.path.insert(0, sys.argv[1]); import logs_bench as b; b.{name}(*sys.argv[2:])"
        return [PY, "-c", code, str(Path(__file__).parent), *args]

    cache = out / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    run("wgp-audit, plain file, cold cache", args.lines, [PY, "-c", WGP, str(cache / "a"), str(plain)])
    run("wgp-audit, plain file, warm cache", args.lines, [PY, "-c", WGP, str(cache / "a"), str(plain)])
    run(
        f"wgp-audit, {len(rotated)} rotated .gz, cold cache",
        args.lines,
        [PY, "-c", WGP, str(cache / "b"), *map(str, rotated)],
    )
    gz = " ".join(map(str, rotated))
    run("floor: zcat rotated .gz | wc -l", args.lines, f"zcat {gz} | wc -l", shell=True)
    run("floor: wc -l plain file", args.lines, ["wc", "-l", str(plain)])
    run("Python re loop, one core", args.re_lines, [PY, "-c", RE_LOOP, str(out / "re.log")])
    if shutil.which("goaccess"):
        run(
            "GoAccess 1.7 (-o json), prefix",
            args.goaccess_lines,
            [
                "goaccess",
                str(prefix),
                "--log-format=COMBINED",
                "-o",
                str(out / "goaccess.json"),
                "--no-global-config",
            ],
        )
    else:
        print("goaccess not found: apt-get install -y goaccess")
    run(
        "DuckDB read_csv + regexp_extract, 2 threads",
        args.lines,
        helper("duckdb_regexp", str(plain), str(out / "duckdb_regexp.parquet")),
    )
    run(
        "DuckDB read_csv as space-delimited CSV, 2 thr.",
        args.lines,
        helper("duckdb_csv", str(plain), str(out / "duckdb_csv.parquet")),
    )
    base = rows[0][1] / rows[0][2]
    table = [
        "| contender | lines | s | CPU-s | lines/s | peak MB | load before→after "
        "| wgp-audit plain ÷ contender |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, lines, seconds, cpu, mb, _, before, after in rows:
        speed = lines / seconds
        table.append(
            f"| {name.replace('|', chr(92) + '|')} | {lines:,} | {seconds:.2f} | {cpu:.1f} | {speed:,.0f} "
            f"| {mb:,.0f} "
            f"| {before:.1f}→{after:.1f} | {base / speed:.2f}× |"
        )
    print("\n" + "\n".join(table))
    if args.results:
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        args.results.mkdir(parents=True, exist_ok=True)
        records = [
            {
                "contender": name,
                "lines": lines,
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 2),
                "lines_per_s": round(lines / seconds),
                "peak_rss_mb": round(mb),
                "load_before": before,
                "load_after": after,
                "output": text,
            }
            for name, lines, seconds, cpu, mb, text, before, after in rows
        ]
        meta = {"measured": when, "lines": args.lines, "cpus": os.cpu_count(), "contenders": records}
        (args.results / "logs.json").write_text(json.dumps(meta, indent=1) + "\n")
        head = f"# Web-log ingestion, {args.lines:,} lines ({when}, {os.cpu_count()} CPUs)\n\n"
        (args.results / "logs.md").write_text(head + "\n".join(table) + "\n")


if __name__ == "__main__":
    main()
