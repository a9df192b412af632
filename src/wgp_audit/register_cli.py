"""`wgp-audit register list|assign|status`: the findings register from the terminal."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from wgp_audit import register
from wgp_audit.errors import ExitCode
from wgp_audit.terminal import safe_text


def _path(args: argparse.Namespace) -> Path:
    """The register file of the reports folder given or of the workspace."""
    from wgp_audit.paths import reports_dir

    return register.register_path(Path(args.reports) if args.reports else reports_dir())


def cmd_list(args: argparse.Namespace) -> int:
    """Print the register (optionally one status, or only overdue findings) and a count."""
    path = _path(args)
    today = dt.date.today()
    wanted = register.parse_status(args.status) if args.status else None
    entries = [
        e
        for e in sorted(register.load(path).values(), key=lambda e: e.finding_id)
        if (wanted is None or e.status == wanted) and (not args.overdue or e.overdue(today))
    ]
    print(f"{'finding':<24} {'status':<15} {'owner':<16} {'due':<10} {'last seen':<26} title")
    for e in entries:
        due = f"{e.due}{' OVERDUE' if e.overdue(today) else ''}"
        print(
            safe_text(
                f"{e.finding_id:<24} {e.status:<15} {e.owner or '-':<16} {due or '-':<10} "
                f"{e.last_seen_run:<26} {e.title}"
            )
        )
        if e.comment:
            print(safe_text(f"{'':<24} {e.comment}"))
    print(f"{len(entries)} finding(s) in {path}")
    return ExitCode.OK


def cmd_assign(args: argparse.Namespace) -> int:
    """Give a finding an owner and optionally a due date."""
    entry = register.assign(_path(args), args.finding_id, args.owner, args.due)
    print(
        safe_text(f"{entry.finding_id}: owner {entry.owner}, due {entry.due or '-'}, status {entry.status}")
    )
    return ExitCode.OK


def cmd_status(args: argparse.Namespace) -> int:
    """Set a finding's status and optionally its comment."""
    entry = register.set_status(_path(args), args.finding_id, args.status, args.comment)
    print(
        safe_text(
            f"{entry.finding_id}: status {entry.status}"
            + (f", comment {entry.comment}" if entry.comment else "")
        )
    )
    return ExitCode.OK


def add_parsers(sub: Any) -> None:
    """Add `register` and its sub-commands to the `wgp-audit` parser."""
    p = sub.add_parser("register", help="the findings register: list, assign an owner, set a status")
    commands = p.add_subparsers(dest="register_command", required=True)
    statuses = ", ".join(register.STATUSES)

    def reports(q: argparse.ArgumentParser) -> None:
        q.add_argument(
            "--reports", default=None, help="reports folder holding register.csv (default: reports/)"
        )

    q = commands.add_parser("list", help="print the register")
    reports(q)
    q.add_argument("--status", default=None, help=f"only this status ({statuses})")
    q.add_argument("--overdue", action="store_true", help="only findings past their due date")
    q.set_defaults(func=cmd_list)
    q = commands.add_parser("assign", help="give a finding an owner and a due date")
    reports(q)
    q.add_argument("finding_id", help="the finding id, e.g. CON-1:r-7856f32eddf8")
    q.add_argument("--owner", required=True, help="who follows the finding up")
    q.add_argument("--due", default=None, help="due date YYYY-MM-DD")
    q.set_defaults(func=cmd_assign)
    q = commands.add_parser("status", help="set a finding's status")
    reports(q)
    q.add_argument("finding_id", help="the finding id")
    q.add_argument("status", help=f"one of: {statuses} (quote the ones with a space)")
    q.add_argument("--comment", default=None, help="why (replaces the comment)")
    q.set_defaults(func=cmd_status)
