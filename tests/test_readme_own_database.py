"""The README's "Audit your own database" walkthrough, run verbatim in a fresh home folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_BLOCK = re.compile(r"<!-- own-database:start -->\s*```sh\n(.*?)```\s*<!-- own-database:end -->", re.S)


def walkthrough() -> str:
    """The shell block of the README section, exactly as a reader sees it."""
    match = _BLOCK.search((REPO / "README.md").read_text(encoding="utf-8"))
    assert match, "README.md lost its own-database block markers"
    return match.group(1)


def test_the_walkthrough_uses_only_commands_that_exist() -> None:
    from wgp_audit.cli import build_parser

    commands = {
        line.split()[1]
        for line in walkthrough().splitlines()
        if line.startswith("wgp-audit ") and not line.startswith("wgp-audit --")
    }
    known = set(build_parser()._subparsers._group_actions[0].choices or ())  # type: ignore[union-attr]
    assert commands <= known, commands - known


@pytest.mark.slow
def test_the_readme_walkthrough_works_verbatim(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "wgp-audit").symlink_to(REPO)  # "./wgp-audit" is the repository, as cloned
    drop = {"WGP_AUDIT_HOME", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "WGP_AUDIT_LOG_CACHE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        HOME=str(home), PIP_CACHE_DIR=str(Path.home() / ".cache" / "pip"), PIP_DISABLE_PIP_VERSION_CHECK="1"
    )
    script = "set -euo pipefail\n" + walkthrough()
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=1800
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    ws = tmp_path / "my-audit"
    assert (ws / "mappings" / "own" / "users.sql").is_file()
    assert "-- TODO" in (ws / "mappings" / "own" / "users.sql").read_text(encoding="utf-8")
    assert "not evaluable:" in done.stdout  # map status names what each gap disables
    findings = json.loads((ws / "findings.json").read_text(encoding="utf-8"))
    assert findings["findings"], "the practice site's planted violations are found"
    (index,) = (ws / "reports").glob("*/index.html")
    assert "Bitrix" in index.read_text(encoding="utf-8") or "bitrix" in index.read_text(encoding="utf-8")
