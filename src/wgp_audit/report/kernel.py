"""Hermetic Jupyter directories and the `wgp-audit` kernelspec that notebook kernels run with.

Kernels get their own IPYTHONDIR, JUPYTER_CONFIG_DIR, JUPYTER_DATA_DIR and JUPYTER_RUNTIME_DIR
(through the kernelspec's `env`), so a run never reads or writes `~/.ipython` or `~/.jupyter`; an
IPython start-up file there skips the slow rfc3987_syntax import in the kernel as well.

Kernels keep compiled bytecode in the workspace's cache (`.cache/pycache`, 0700) even when
`PYTHONDONTWRITEBYTECODE` is set (as on the project's machines): without it every kernel of a run
compiled altair, polars' wrappers and the package again, about 2.5 CPU-seconds per kernel.
"""

from __future__ import annotations

import contextlib
import json
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from wgp_audit.paths import HOME_VARIABLE, cache_dir, workspace_root
from wgp_audit.report._notebooks import KERNEL_STARTUP_SOURCE

KERNEL_NAME: Final = "wgp-audit"
#: IPython start-up file: jupyter_client interrupts a kernel before it shuts it down, and ipykernel
#: logs that harmless interrupt as "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel" on the
#: run's terminal; this drops that one message (every other kernel log line still shows).
QUIET_SHUTDOWN_SOURCE: Final = """# Written by wgp_audit.report.kernel: no log line for the shutdown SIGINT.
try:
    get_ipython().kernel.log.addFilter(
        lambda record: "KeyboardInterrupt caught in kernel" not in record.getMessage()
    )
except AttributeError:  # not an ipykernel shell
    pass
"""
_MAX_SOCKET_BASE: Final = 96


@dataclass(frozen=True)
class JupyterHome:
    """Hermetic Jupyter/IPython directories for kernels, with the wgp-audit kernelspec installed."""

    root: Path

    @property
    def pycache_dir(self) -> Path:
        """Return where kernels keep compiled bytecode between runs (the workspace's cache)."""
        return bytecode_cache_dir()

    @property
    def ipython_dir(self) -> Path:
        """Return the IPYTHONDIR given to kernels."""
        return self.root / "ipython"

    @property
    def config_dir(self) -> Path:
        """Return the JUPYTER_CONFIG_DIR given to kernels."""
        return self.root / "config"

    @property
    def data_dir(self) -> Path:
        """Return the JUPYTER_DATA_DIR that holds the kernelspec."""
        return self.root / "data"

    @property
    def runtime_dir(self) -> Path:
        """Return the JUPYTER_RUNTIME_DIR that holds kernel connection files."""
        return self.root / "runtime"

    @property
    def kernels_dir(self) -> Path:
        """Return the folder of kernelspecs inside the data dir."""
        return self.data_dir / "kernels"

    def env(self) -> dict[str, str]:
        """Return the environment variables that make a kernel use these directories."""
        return {
            "IPYTHONDIR": str(self.ipython_dir),
            "JUPYTER_CONFIG_DIR": str(self.config_dir),
            "JUPYTER_DATA_DIR": str(self.data_dir),
            "JUPYTER_RUNTIME_DIR": str(self.runtime_dir),
            "MPLCONFIGDIR": str(self.root / "matplotlib"),
            # a kernel starts in its notebook's folder (for bundled notebooks, inside the installed
            # package): it must use the workspace of the process that starts it
            HOME_VARIABLE: str(workspace_root()),
            # bytecode outside the source tree, reused by every later kernel (empty: writing allowed)
            "PYTHONDONTWRITEBYTECODE": "",
            "PYTHONPYCACHEPREFIX": str(self.pycache_dir),
        }


def bytecode_cache_dir() -> Path:
    """Where the run and its kernels keep compiled bytecode between runs (the workspace's cache)."""
    return cache_dir() / "pycache"


def use_bytecode_cache() -> None:
    """Let this process too keep compiled bytecode in the workspace's cache (call before imports).

    `wgp-audit run` imports papermill, nbconvert, duckdb and polars' wrappers; compiling them again
    on every run (PYTHONDONTWRITEBYTECODE) cost it about 2-3 CPU-seconds before the snapshot.
    """
    folder = bytecode_cache_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:  # a read-only workspace: compile as before
        return
    sys.pycache_prefix = str(folder)
    sys.dont_write_bytecode = False


def prepare_jupyter_home(root: Path) -> JupyterHome:
    """Create the hermetic directories under `root`, the kernelspec and the kernel start-up file."""
    home = JupyterHome(Path(root).resolve())
    for folder in (home.ipython_dir, home.config_dir, home.runtime_dir, home.root / "matplotlib"):
        folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # a read-only workspace: kernels then compile as before
        home.pycache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    startup = home.ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-wgp-audit.py").write_text(KERNEL_STARTUP_SOURCE, encoding="utf-8")
    (startup / "01-wgp-audit-quiet.py").write_text(QUIET_SHUTDOWN_SOURCE, encoding="utf-8")
    spec_dir = home.kernels_dir / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"wgp-audit (Python {sys.version_info.major}.{sys.version_info.minor})",
        "language": "python",
        "env": home.env(),
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return home


def hermetic_kernel_manager_class(home: JupyterHome) -> type[Any]:
    """Return a kernel-manager class that finds kernelspecs and puts sockets only under `home`."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    class HermeticKernelManager(AsyncKernelManager):
        """AsyncKernelManager bound to one JupyterHome (nbclient creates, owns and cleans it)."""

        def __init__(self, **kwargs: Any) -> None:
            kernel_id = uuid.uuid4().hex[:12]
            kwargs.setdefault("kernel_spec_manager", KernelSpecManager(kernel_dirs=[str(home.kernels_dir)]))
            kwargs.setdefault("connection_file", str(home.runtime_dir / f"kernel-{kernel_id}.json"))
            kwargs.update(_transport(home, kernel_id))
            super().__init__(**kwargs)

    return HermeticKernelManager


def _transport(home: JupyterHome, kernel_id: str) -> dict[str, str]:
    """Return kernel-manager settings for IPC sockets, or {} (TCP) if the path is too long."""
    socket_base = home.runtime_dir / f"k-{kernel_id}"
    if len(str(socket_base)) > _MAX_SOCKET_BASE:  # AF_UNIX paths are limited to ~107 bytes
        return {}
    return {"transport": "ipc", "ip": str(socket_base)}
