"""A non-editable install into a fresh venv works outside the repository: init, demo, run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wgp_audit.errors import ExitCode

REPO = Path(__file__).resolve().parents[1]


def _install(venv: Path) -> Path:
    """Create `venv` and install the repository into it (not editable); return its bin folder."""
    uv = shutil.which("uv")
    if uv is not None:
        subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
        subprocess.run(
            [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), str(REPO)], check=True
        )
    else:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(REPO)], check=True)
    return venv / "bin"


def _env(bin_dir: Path) -> dict[str, str]:
    drop = {"WGP_AUDIT_HOME", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "WGP_AUDIT_LOG_CACHE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_inits_and_audits_the_demo_outside_the_repository(
    tmp_path: Path,
) -> None:
    assert not tmp_path.resolve().is_relative_to(REPO)
    started = time.monotonic()
    bin_dir = _install(tmp_path / "venv")
    installed = time.monotonic()
    env = _env(bin_dir)
    here = tmp_path / "empty"
    here.mkdir()

    def wgp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "wgp-audit"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
        )

    # the installed package reads its bundled data, never this repository
    probe = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "from wgp_audit import paths; print(paths.checkout_root()); print(paths.sql_dir())",
        ],
        cwd=here,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    checkout, sql = probe.stdout.split("\n")[:2]
    assert checkout == "None"
    assert Path(sql).is_relative_to(tmp_path / "venv") and (Path(sql) / "schema" / "contract.sql").is_file()

    version = wgp("--version", cwd=here)
    assert version.returncode == 0 and version.stdout.startswith("wgp-audit "), version.stderr
    init = wgp("init", "ws", cwd=here)
    assert init.returncode == ExitCode.OK, init.stderr
    ws = here / "ws"
    demo = wgp("demo", cwd=ws)
    assert demo.returncode == ExitCode.OK, demo.stderr
    assert (ws / "demo-data" / "wgp.duckdb").is_file()
    run = wgp("run", cwd=ws)
    assert run.returncode == ExitCode.FINDINGS, run.stdout + run.stderr
    runs = [p for p in (ws / "reports").iterdir() if p.is_dir()]
    assert len(runs) == 1 and (runs[0] / "index.html").is_file()
    assert "as of 2026-10-31" in (runs[0] / "index.html").read_text(encoding="utf-8")
    print(f"install {installed - started:.1f} s, init+demo+run {time.monotonic() - installed:.1f} s")
