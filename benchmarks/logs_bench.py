"""Benchmark web-log ingestion: wgp-audit vs GoAccess vs a plain Python `re` loop, plus the gunzip floor.

Run: .venv/bin/python benchmarks/logs_bench.py --lines 10000000 --out /tmp/wgp-bench
Each contender runs in its own subprocess; its peak memory is that process's RSS high-water mark.
"""

from __future__ import annotations

import argparse
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


def measure(cmd: list[str] | str, *, shell: bool = False) -> tuple[float, float, str]:
    """Run a command; return wall seconds, the child's peak RSS in MB, and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, shell=shell, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{cmd!r} failed with {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024, out.strip()


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

    rows: list[tuple[str, int, float, float, str]] = []

    def run(name: str, lines: int, cmd: list[str] | str, shell: bool = False) -> None:
        seconds, mb, text = measure(cmd, shell=shell)
        rows.append((name, lines, seconds, mb, text))
        print(
            f"{name:<44} {lines:>11,} lines {seconds:8.2f} s {lines / seconds:>11,.0f} lines/s "
            f"{mb:8.0f} MB  [{text[:60]}]",
            flush=True,
        )

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
    base = rows[0][1] / rows[0][2]
    print("\n| contender | lines | s | lines/s | peak MB | wgp-audit plain ÷ contender |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, lines, seconds, mb, _ in rows:
        speed = lines / seconds
        print(f"| {name} | {lines:,} | {seconds:.2f} | {speed:,.0f} | {mb:,.0f} | {base / speed:.2f}× |")


if __name__ == "__main__":
    main()
