"""Execute parameterised notebooks with papermill in hermetic Jupyter directories.

A failed notebook is a result, not an exception: `execute_notebook` returns an `ExecutionResult`
whose status says whether every cell ran, and the (partial) output notebook is always kept.
The failure is also recorded in the output notebook's metadata under `wgp_audit`, so that the
HTML export can mark the report as incomplete. `ReportError` is raised only when nothing could run
(e.g. the input notebook does not exist).

`execute_many` runs a batch on parallel kernels. A job marked `after_others` (the run's summary,
which reads what the others wrote) starts its kernel with the batch and runs its leading cells that
use no parameter (the imports) at once; before its first cell that uses a parameter it waits until
every other job has finished, so its start-up costs no time after the others.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import os
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, TextIO

from wgp_audit.errors import ParameterError, ReportError, redact_secrets
from wgp_audit.report._notebooks import read_notebook, skip_slow_grammar_import, write_notebook
from wgp_audit.report.kernel import (
    KERNEL_NAME,
    JupyterHome,
    hermetic_kernel_manager_class,
    prepare_jupyter_home,
)
from wgp_audit.terminal import safe_text

__all__ = [
    "ExecutionResult",
    "ExecutionStatus",
    "JupyterHome",
    "NotebookJob",
    "describe_failure",
    "execute_many",
    "execute_notebook",
    "prepare_jupyter_home",
]

#: Key of the output notebook's metadata where the execution outcome is recorded.
METADATA_KEY: Final = "wgp_audit"


class ExecutionStatus(StrEnum):
    """Outcome of one notebook execution."""

    OK = "ok"
    FAILED = "failed"


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to execute: template, output path and papermill parameters."""

    input_path: Path
    output_path: Path
    parameters: Mapping[str, Any] = field(default_factory=dict)
    #: start with the batch, but run the cells that use a parameter only after every other job
    after_others: bool = False
    #: called in the calling thread as soon as this job finished (e.g. export its HTML meanwhile)
    on_done: Callable[[ExecutionResult], None] | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        """Return the label used in progress lines (the output notebook's stem)."""
        return Path(self.output_path).stem


@dataclass(frozen=True)
class ExecutionResult:
    """Outcome of one notebook execution; on failure, where and why it failed."""

    input_path: Path
    output_path: Path
    status: ExecutionStatus
    seconds: float
    cell_index: int | None = None
    execution_count: int | None = None
    ename: str | None = None
    evalue: str | None = None

    @property
    def ok(self) -> bool:
        """Return True when every cell ran without error."""
        return self.status is ExecutionStatus.OK

    def failure_text(self) -> str | None:
        """Return 'failed at cell N: Ename: message' for a failure, None when ok (secrets redacted)."""
        if self.ok:
            return None
        return describe_failure(self.cell_index, self.ename, self.evalue)


def describe_failure(cell_index: int | None, ename: str | None, evalue: str | None) -> str:
    """Return 'failed at cell N: Ename: message' (wording of progress lines and banners), redacted."""
    where = "an unknown cell" if cell_index is None else f"cell {cell_index}"
    message = f"{ename or 'Error'}: {evalue}" if evalue else f"{ename or 'Error'}"
    return redact_secrets(f"failed at {where}: {message}")


def check_parameters(notebook: Path, parameters: Mapping[str, Any]) -> None:
    """Refuse, before anything runs, parameters the notebook's `parameters` cell does not declare."""
    if not parameters:
        return
    skip_slow_grammar_import()
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ParameterError(
            f"notebook {notebook.name} has no parameter {', '.join(unknown)}",
            hint=f"its parameters are: {', '.join(declared) or 'none'}",
        )


def execute_notebook(
    input_path: Path,
    output_path: Path,
    parameters: Mapping[str, Any] | None = None,
    *,
    jupyter_home: JupyterHome | None = None,
    cwd: Path | None = None,
    cell_timeout: float | None = None,
    start_timeout: float = 60,
    gate: threading.Event | None = None,
) -> ExecutionResult:
    """Run `input_path` with `parameters` into `output_path`; a cell error is a failed result.

    With a `gate`, the cells before the first one that uses a parameter run at once, the rest once
    the gate is set.
    """
    input_path, output_path = Path(input_path), Path(output_path)
    if not input_path.is_file():
        raise ReportError(
            f"notebook {input_path} does not exist",
            hint="check the notebook path (notebooks/<nn>_<area>.ipynb)",
        )
    check_parameters(input_path, parameters or {})
    output_path.parent.mkdir(parents=True, exist_ok=True)
    with _hermetic_home(jupyter_home) as home:
        return _execute(
            input_path,
            output_path,
            parameters,
            home,
            cwd or input_path.parent,
            cell_timeout,
            start_timeout,
            _Gate(gate, frozenset(parameters or {})) if gate is not None else None,
        )


def execute_many(
    jobs: Sequence[NotebookJob],
    max_workers: int | None = os.cpu_count(),
    *,
    jupyter_home: JupyterHome | None = None,
    progress: TextIO | bool | NotebookProgress = True,
    cell_timeout: float | None = None,
) -> list[ExecutionResult]:
    """Run `jobs` in parallel, one kernel each; return results in job order, failures included.

    At most `max_workers` jobs run at once; jobs marked `after_others` start beside them and wait
    for them (see the module's text). `progress` True writes one line per finished notebook to
    stderr, a stream writes there instead, a callable is called with (done, total, job, result).
    """
    missing = [str(job.input_path) for job in jobs if not Path(job.input_path).is_file()]
    if missing:
        raise ReportError(
            f"notebook(s) {missing} do not exist; nothing was run",
            hint="check the notebook paths",
        )
    for job in jobs:
        check_parameters(Path(job.input_path), job.parameters)
    if not jobs:
        return []
    report = _progress_callback(progress)
    first = [i for i, job in enumerate(jobs) if not job.after_others]
    later = [i for i, job in enumerate(jobs) if job.after_others]
    others_done = threading.Event()
    if not first:
        others_done.set()
    with _hermetic_home(jupyter_home) as home:
        results: dict[int, ExecutionResult] = {}
        pool = ThreadPoolExecutor(
            max_workers=max(1, min(max_workers or 1, len(first))), thread_name_prefix="wgp-nb"
        )
        waiting = ThreadPoolExecutor(max_workers=max(1, len(later)), thread_name_prefix="wgp-nb-after")
        try:
            futures = {
                waiting.submit(_execute_job, jobs[i], home, cell_timeout, others_done): i for i in later
            }
            futures |= {pool.submit(_execute_job, jobs[i], home, cell_timeout): i for i in first}
            for future in as_completed(futures):
                index = futures[future]
                results[index] = future.result()  # _execute_job never raises
                if all(i in results for i in first):
                    others_done.set()
                if report is not None:
                    report(len(results), len(jobs), jobs[index], results[index])
                if jobs[index].on_done is not None:
                    jobs[index].on_done(results[index])  # type: ignore[misc]
        except BaseException:  # Ctrl-C or a crash: start nothing more, stop the running kernels now
            pool.shutdown(wait=False, cancel_futures=True)
            waiting.shutdown(wait=False, cancel_futures=True)
            stop_kernels()
            raise
        finally:
            others_done.set()  # a waiting job never outlives the batch
        pool.shutdown()
        waiting.shutdown()
        return [results[index] for index in range(len(jobs))]


#: A progress callback of execute_many: (done, total, job, result) once a job has finished.
NotebookProgress = Callable[[int, int, NotebookJob, ExecutionResult], None]


def _progress_callback(progress: TextIO | bool | NotebookProgress) -> NotebookProgress | None:
    """The callable that reports a finished job, from execute_many's `progress` argument."""
    if progress is False or progress is None:
        return None
    if callable(progress):
        return progress
    stream = sys.stderr if progress is True else progress

    def report(done: int, total: int, job: NotebookJob, result: ExecutionResult) -> None:
        _report_progress(stream, done, total, job, result)

    return report


_LIVE_KERNELS: weakref.WeakSet[Any] = weakref.WeakSet()
_LIVE_LOCK = threading.Lock()


def _tracked(manager_class: type[Any]) -> type[Any]:
    """A subclass of `manager_class` whose instances `stop_kernels` can reach."""

    class TrackedKernelManager(manager_class):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            with _LIVE_LOCK:
                _LIVE_KERNELS.add(self)

    return TrackedKernelManager


def stop_kernels() -> None:
    """Kill every kernel process this process started that still runs (its notebook then fails)."""
    with _LIVE_LOCK:
        managers = list(_LIVE_KERNELS)
    for manager in managers:
        process = getattr(getattr(manager, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()


@contextmanager
def _hermetic_home(jupyter_home: JupyterHome | None) -> Iterator[JupyterHome]:
    """Yield `jupyter_home`, or a temporary one that is removed afterwards."""
    if jupyter_home is not None:
        yield jupyter_home
        return
    with tempfile.TemporaryDirectory(prefix="wgp-jupyter-") as tmp:
        yield prepare_jupyter_home(Path(tmp))


def _execute_job(
    job: NotebookJob, home: JupyterHome, cell_timeout: float | None, gate: threading.Event | None = None
) -> ExecutionResult:
    """Run one job, turning any unexpected exception into a failed result."""
    started = time.monotonic()
    try:
        return execute_notebook(
            job.input_path,
            job.output_path,
            job.parameters,
            jupyter_home=home,
            cell_timeout=cell_timeout,
            gate=gate,
        )
    except Exception as exc:  # a broken run must not stop the other notebooks
        return ExecutionResult(
            Path(job.input_path),
            Path(job.output_path),
            ExecutionStatus.FAILED,
            time.monotonic() - started,
            ename=type(exc).__name__,
            evalue=redact_secrets(str(exc)),
        )
    finally:
        _close_thread_event_loop()


def _close_thread_event_loop() -> None:
    """Close the asyncio loop that jupyter_core left in this worker thread (else it leaks)."""
    try:
        loop = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:  # no loop was set in this thread
        return
    if not loop.is_running():
        loop.close()
        asyncio.set_event_loop(None)


def _report_progress(
    stream: TextIO, done: int, total: int, job: NotebookJob, result: ExecutionResult
) -> None:
    """Write one progress line such as '[3/7] 20_consent ok 4.1 s'."""
    line = f"[{done}/{total}] {job.name} {result.status.value} {result.seconds:.1f} s"
    if not result.ok:
        line += f" ({result.failure_text()})"
    print(safe_text(line), file=stream, flush=True)


def _execute(
    input_path: Path,
    output_path: Path,
    parameters: Mapping[str, Any] | None,
    home: JupyterHome,
    cwd: Path,
    cell_timeout: float | None,
    start_timeout: float,
    gate: _Gate | None = None,
) -> ExecutionResult:
    """Run papermill with a kernel manager bound to `home` and classify the outcome."""
    skip_slow_grammar_import()
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = time.monotonic()
    failure: dict[str, Any] = {}
    gated = {"engine_name": _gated_engine(), "wgp_gate": gate} if gate is not None else {}
    try:
        papermill.execute_notebook(
            str(input_path),
            str(output_path),
            parameters=dict(parameters or {}),
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            start_timeout=start_timeout,
            execution_timeout=cell_timeout,
            # The kernel starts in `cwd` (nbclient's resources path); papermill's own `cwd` argument
            # would chdir the whole process, which races between the threads of execute_many.
            resources={"metadata": {"path": str(cwd)}},
            kernel_manager_class=_tracked(hermetic_kernel_manager_class(home)),
            **gated,
        )
    except PapermillExecutionError as exc:
        failure = {
            "cell_index": exc.cell_index,
            "execution_count": exc.exec_count,
            "ename": exc.ename,
            "evalue": exc.evalue,
        }
    except Exception as exc:  # dead kernel, timeout, unreadable notebook...
        failure = {"ename": type(exc).__name__, "evalue": str(exc) or repr(exc)}
        failure.update(_running_cell(output_path))
    seconds = time.monotonic() - started - (gate.waited if gate is not None else 0.0)
    failure = {k: redact_secrets(v) if isinstance(v, str) else v for k, v in failure.items()}
    status = ExecutionStatus.FAILED if failure else ExecutionStatus.OK
    _record_outcome(output_path, status, failure)
    return ExecutionResult(input_path, output_path, status, seconds, **failure)


@dataclass
class _Gate:
    """Where a notebook waits: before its first code cell that uses one of `parameters`."""

    event: threading.Event
    parameters: frozenset[str]
    passed: bool = False
    waited: float = 0.0

    def holds(self, cell: Mapping[str, Any]) -> bool:
        """Whether `cell` must wait for the gate (the first cell that reads a parameter)."""
        if self.passed or cell.get("cell_type") != "code":
            return False
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"parameters", "injected-parameters"}:
            return False
        try:
            tree = ast.parse(str(cell.get("source", "")))
        except SyntaxError:  # IPython magics and the like: wait, to be safe
            return True
        return any(isinstance(n, ast.Name) and n.id in self.parameters for n in ast.walk(tree))

    def wait(self) -> None:
        """Block until the gate is set; remember for how long (not part of the notebook's time)."""
        started = time.monotonic()
        self.event.wait()
        self.waited += time.monotonic() - started
        self.passed = True


_GATED_ENGINE: Final = "wgp-gated"


@functools.cache
def _gated_engine() -> str:
    """Register (once) the papermill engine that holds a notebook at its gate; return its name."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class GatedClient(PapermillNotebookClient):  # type: ignore[misc]
        """papermill's client, waiting at the gate before the cell that reads a parameter."""

        wgp_gate: _Gate | None = None

        def execute_cell(self, cell: Any, cell_index: int, *args: Any, **kwargs: Any) -> Any:
            gate = self.wgp_gate
            if gate is not None and gate.holds(cell):
                gate.wait()
                self.nb_man.cell_start(cell, cell_index)  # its time starts when it may run
            return super().execute_cell(cell, cell_index, *args, **kwargs)

    class GatedEngine(NBClientEngine):  # type: ignore[misc]
        """NBClientEngine.execute_managed_notebook with GatedClient (papermill 2.x arguments)."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: float = 60,
            execution_timeout: float | None = None,
            **kwargs: Any,
        ) -> Any:
            import logging

            gate = kwargs.pop("wgp_gate", None)
            kwargs = remove_args(["input_path"], **kwargs)
            final = merge_kwargs(
                remove_args(["timeout", "startup_timeout"], **kwargs),
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = GatedClient(nb_man, **final)
            client.wgp_gate = gate
            return client.execute()

    papermill_engines.register(_GATED_ENGINE, GatedEngine)  # twice from two threads: harmless
    return _GATED_ENGINE


def _running_cell(output_path: Path) -> dict[str, Any]:
    """Return index and execution count of the last cell papermill started (where it stopped)."""
    if not output_path.is_file():
        return {}
    nb = read_notebook(output_path)
    started = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.get("metadata", {}).get("papermill", {}).get("start_time") is not None
    ]
    if not started:
        return {}
    last = started[-1]
    return {"cell_index": last, "execution_count": nb.cells[last].get("execution_count")}


def _record_outcome(output_path: Path, status: ExecutionStatus, failure: Mapping[str, Any]) -> None:
    """Write the outcome into the output notebook's metadata (if papermill wrote one).

    Every text of the notebook (outputs, tracebacks, metadata) passes the redaction seam first:
    a kernel's error may quote a DSN, and the HTML pages are exported from this notebook.
    """
    if not output_path.is_file():
        return
    nb = read_notebook(output_path)
    for cell in nb.cells:
        cell["source"] = _redacted(cell.get("source", ""))
        for output in cell.get("outputs", []):
            for key in ("text", "ename", "evalue", "traceback", "data"):
                if key in output:
                    output[key] = _redacted(output[key])
    nb.metadata[METADATA_KEY] = {"status": status.value, **failure}
    write_notebook(nb, output_path)


_BINARY_MIME: Final = frozenset({"image/png", "image/jpeg", "image/gif", "application/pdf"})


def _redacted(value: Any) -> Any:
    """`value` (a notebook text, list of texts or mime bundle) with every secret redacted."""
    if isinstance(value, str):
        return redact_secrets(value)
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    if isinstance(value, dict):  # a mime bundle: base64 images hold no readable text, keep them intact
        return type(value)({k: v if k in _BINARY_MIME else _redacted(v) for k, v in value.items()})
    return value
