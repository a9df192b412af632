"""The evidence commands of `wgp-audit`: verify (a run, or the ledger), sign, and sample."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wgp_audit.errors import ExitCode, ParameterError
from wgp_audit.terminal import safe_text


def _reports(args: argparse.Namespace) -> Path:
    """The reports folder from --reports or the workspace."""
    from wgp_audit.paths import reports_dir

    return Path(args.reports) if args.reports else reports_dir()


def cmd_verify(args: argparse.Namespace) -> int:
    """Re-hash a run against its evidence (and refresh its sign-off page), or walk the ledger."""
    from wgp_audit.report import ledger, signoff, verify

    if args.ledger:
        reports = _reports(args)
        walk = ledger.check_ledger(reports)
        for line in ledger.report_lines(walk, reports):
            print(safe_text(line))
        return ExitCode.OK if walk.ok else ExitCode.VERIFY_FAILED
    if not args.run:
        raise ParameterError(
            "verify needs a run (its folder or id) or --ledger",
            hint="wgp-audit verify RUN, or wgp-audit verify --ledger",
        )
    run_dir = verify.resolve_run(args.run, _reports(args))
    result = verify.verify_run(run_dir)
    for line in verify.report_lines(result):
        print(safe_text(line))
    statuses = signoff.signature_status(run_dir, result)
    for status in statuses:
        print(safe_text(f"signature: {status.line()}"))
    if statuses:
        signoff.write_page(run_dir, result)
    holds = result.ok and all(s.valid for s in statuses)
    return ExitCode.OK if holds else ExitCode.VERIFY_FAILED


def cmd_sign(args: argparse.Namespace) -> int:
    """Record a preparer's or reviewer's signature of a run's evidence hash."""
    from wgp_audit.report import signoff, verify

    run_dir = verify.resolve_run(args.run, _reports(args))
    sig = signoff.sign_run(run_dir, args.signer, args.role, args.note)
    print(
        safe_text(
            f"{sig['role']} {sig['name']} signed run {run_dir.name} at {sig['signed_at']} "
            f"(evidence.json sha256 {sig['evidence_sha256']})"
        )
    )
    print(f"sign-off: {run_dir / signoff.SIGNATURES_PAGE}")
    return ExitCode.OK


def _print_sample(sample: dict[str, Any]) -> None:
    """Print a run's sample plan and, check by check, its population, size and findings."""
    print(
        safe_text(
            f"sample size {sample['sample_size']} ({sample['allowed_deviations']} deviations "
            f"allowed) for {sample['plan']}; seed {sample['seed']}"
        )
    )
    print(safe_text(f"method: {sample['method']}"))
    for c in sample["checks"]:
        if not c["sampled"]:
            print(safe_text(f"{c['check_id']:<8} {c['outcome']:<13} not sampled: {c['why']}"))
            continue
        pop = c["population"]
        hits = sum(1 for i in c["items"] if i["finding"])
        print(
            safe_text(
                f"{c['check_id']:<8} {c['outcome']:<13} population {pop['table']}.{pop['key']} "
                f"{pop['size']}, sample {c['sample_size']}"
                + (" (the whole population)" if c["whole_population"] else "")
                + f", {hits} of them findings"
            )
        )


def _run_parameters(run_dir: Path) -> dict[str, Any]:
    """open_from_parameters arguments of a recorded run (its options, its resolved dates)."""
    from wgp_audit.report.verify import load_evidence

    evidence = load_evidence(run_dir)
    opts = evidence.get("options", {})
    start, _, end = str(evidence.get("period", "")).partition(" to ")
    if "snapshot of" in json.dumps(evidence.get("inputs", [])):
        raise ParameterError(
            f"run {run_dir.name} audited a snapshot copy that was removed when it ended",
            hint="a sample of such a run cannot be drawn again from the same data",
        )
    return {
        "source": opts.get("source"),
        "as_of": evidence.get("as_of") or opts.get("as_of"),
        "period_start": start or opts.get("period_start"),
        "period_end": end or opts.get("period_end"),
        "config": opts.get("config"),
        "logs_dir": opts.get("logs_dir"),
        "mapping": opts.get("mapping"),
        "strict_contract": opts.get("strict_contract") == "True",
    }


def cmd_sample(args: argparse.Namespace) -> int:
    """Draw the attribute sample of each check; with RUN, draw a run's sample again and compare."""
    from wgp_audit.notebook import open_from_parameters
    from wgp_audit.privacy import pseudonymiser
    from wgp_audit.sampling import (
        SAMPLE_FILE,
        SamplingPlan,
        differences,
        plan_from_yardstick,
        result_notes,
        run_sample,
    )

    overrides = {
        "confidence": args.confidence,
        "tolerable_rate": args.tolerable,
        "expected_rate": args.expected,
    }
    if args.run:
        from wgp_audit.report.verify import load_evidence, resolve_run

        run_dir = resolve_run(args.run, _reports(args))
        recorded_path = run_dir / SAMPLE_FILE
        if not recorded_path.is_file():
            raise ParameterError(
                f"run {run_dir.name} has no {SAMPLE_FILE}",
                hint="runs made before sampling was added have none",
            )
        recorded = json.loads(recorded_path.read_text(encoding="utf-8"))
        reveal = bool(load_evidence(run_dir).get("reveal"))
        with open_from_parameters(**_run_parameters(run_dir)) as audit:
            plan = SamplingPlan(**recorded["plan"])
            sample = run_sample(
                audit.con, audit.run_checks(), plan, int(recorded["seed"]), pseudonymiser(reveal)
            )
        diffs = differences(recorded, sample)
        for line in diffs:
            print(safe_text(f"DIFFERS {line}"))
        for line in result_notes(recorded, sample):
            print(safe_text(f"note: check results differ from the run's: {line}"))
        print(
            f"{run_dir.name}: sample drawn again from seed {recorded['seed']}: "
            + ("identical" if not diffs else f"{len(diffs)} checks differ")
        )
        return ExitCode.OK if not diffs else ExitCode.VERIFY_FAILED
    from wgp_audit.cli import _mapping, _source

    with open_from_parameters(
        _source(args),
        args.as_of,
        args.period_start,
        args.period_end,
        args.config,
        args.logs,
        _mapping(args),
        args.strict_contract,
    ) as audit:
        plan = plan_from_yardstick(audit.yardstick, **overrides)
        results = audit.run_checks(ids=tuple(args.id or ()))
        sample = run_sample(audit.con, results, plan, args.seed, pseudonymiser(args.reveal))
    _print_sample(sample)
    if args.out:
        Path(args.out).write_text(json.dumps(sample, indent=1), encoding="utf-8")
        print(f"sample written to {args.out}")
    return ExitCode.OK


def add_parsers(sub: Any, source_args: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add verify, sign and sample to the sub-command parsers."""
    p = sub.add_parser("verify", help="re-hash a run against its evidence.json; --ledger: walk the ledger")
    p.add_argument("run", nargs="?", default=None, help="a run folder, or a run id under --reports")
    p.add_argument(
        "--ledger",
        action="store_true",
        help="walk reports/ledger.jsonl: runs altered, deleted or inserted since recorded",
    )
    p.add_argument("--reports", default=None, help="reports folder (default: reports/)")
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser("sign", help="sign a run's evidence as preparer or reviewer (void if it changes)")
    p.add_argument("run", help="a run folder, or a run id under --reports")
    p.add_argument("--as", dest="signer", required=True, help="the signer's name")
    p.add_argument("--role", required=True, choices=("preparer", "reviewer"))
    p.add_argument("--note", default=None, help="a note kept with the signature")
    p.add_argument("--reports", default=None, help="reports folder (default: reports/)")
    p.set_defaults(func=cmd_sign)
    p = sub.add_parser("sample", help="attribute sample of each check's records (or redraw a run's)")
    p.add_argument(
        "run", nargs="?", default=None, help="a run: draw its sample again from its recorded seed and compare"
    )
    p.add_argument("--reports", default=None, help="reports folder (default: reports/)")
    source_args(p)
    p.add_argument("--id", action="append", help="sample one check (repeatable), e.g. CON-1")
    p.add_argument("--confidence", type=float, default=None, help="e.g. 0.95 (default: the yardstick's)")
    p.add_argument("--tolerable", type=float, default=None, help="tolerable deviation rate, e.g. 0.05")
    p.add_argument("--expected", type=float, default=None, help="expected deviation rate, e.g. 0.01")
    p.add_argument("--seed", type=int, default=20260131, help="the seed (recorded with the sample)")
    p.add_argument("--reveal", action="store_true", help="show raw record keys instead of pseudonyms")
    p.add_argument("--out", default=None, help="write the sample as JSON here")
    p.set_defaults(func=cmd_sample)
