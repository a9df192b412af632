"""Behaviour of wgp_audit.report.execute: parameters, failures, parallel runs, hermetic kernels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wgp_audit.errors import ReportError
from wgp_audit.report.execute import ExecutionStatus, NotebookJob, execute_many, execute_notebook
from wgp_audit.report.html import PAPERMILL_ERROR_TAG

from .notebooks import ExecutedRun, failing_notebook, load, write_notebook

REPO_NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _stdout(nb: Any) -> str:
    return "".join(
        output.get("text", "")
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )


def test_parameters_are_recorded_in_metadata_and_reach_the_kernel(executed: ExecutedRun) -> None:
    nb = load(executed.chart.output_path)
    assert nb.metadata.papermill.parameters == {"area": "retention", "limit_days": 20}
    assert "area=retention limit_days=20" in _stdout(nb)
    assert nb.metadata.wgp_audit == {"status": "ok"}


def test_kernel_runs_in_hermetic_jupyter_dirs_without_the_slow_grammar_import(
    executed: ExecutedRun,
) -> None:
    stdout = _stdout(load(executed.chart.output_path))
    ipython_dir = stdout.split("IPYTHONDIR=")[1].split("\n")[0]
    assert ipython_dir != str(Path.home() / ".ipython")
    assert "wgp-jupyter-" in ipython_dir
    assert "rfc3987_syntax skipped: True" in stdout


def test_failing_notebook_returns_failed_result_with_cell_and_error(executed: ExecutedRun) -> None:
    result = executed.failing
    assert result.status is ExecutionStatus.FAILED and not result.ok
    assert (result.ename, result.evalue) == ("ValueError", "planted failure")
    assert result.failure_text() == f"failed at cell {result.cell_index}: ValueError: planted failure"
    partial = load(result.output_path)
    cells = [c for c in partial.cells if PAPERMILL_ERROR_TAG not in c.metadata.get("tags", [])]
    assert result.cell_index is not None
    assert cells[result.cell_index].source == 'raise ValueError("planted failure")'
    assert "before the failure" in _stdout(partial)
    assert "never reached" not in _stdout(partial)
    assert partial.metadata.wgp_audit["status"] == "failed"


def test_execute_many_keeps_running_the_others_when_one_notebook_fails(
    executed: ExecutedRun,
) -> None:
    assert [r.status for r in executed.results] == [
        ExecutionStatus.OK,
        ExecutionStatus.FAILED,
        ExecutionStatus.OK,
    ]
    assert [r.output_path.name for r in executed.results] == [
        "10_chart.ipynb",
        "20_failing.ipynb",
        "30_chart.ipynb",
    ]
    lines = executed.progress.splitlines()
    assert [line.split(" ")[0] for line in lines] == ["[1/3]", "[2/3]", "[3/3]"]
    assert any(" 20_failing failed " in line and "planted failure" in line for line in lines)
    assert sum(" ok " in line for line in lines) == 2


def test_killed_kernel_comes_back_as_a_failed_result(tmp_path: Path) -> None:
    notebook = write_notebook(
        tmp_path / "kill.ipynb",
        "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
        'print("never reached")',
    )
    result = execute_notebook(notebook, tmp_path / "out" / "kill.ipynb")
    assert result.status is ExecutionStatus.FAILED
    assert result.ename == "DeadKernelError"
    assert result.output_path.is_file()
    partial = load(result.output_path)
    assert result.cell_index is not None
    assert "SIGKILL" in partial.cells[result.cell_index].source


def test_missing_notebook_raises_report_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"nope\.ipynb"):
        execute_notebook(tmp_path / "nope.ipynb", tmp_path / "out.ipynb")


def test_unknown_notebook_parameter_is_refused_before_any_kernel_starts(tmp_path: Path) -> None:
    from wgp_audit.errors import ParameterError

    source = REPO_NOTEBOOKS / "10_retention.ipynb"
    with pytest.raises(ParameterError, match=r"10_retention.ipynb has no parameter as_off") as err:
        execute_many([NotebookJob(source, tmp_path / "out.ipynb", {"as_off": "2026-10-31"})], progress=False)
    assert "as_of" in str(err.value)  # the hint lists the declared parameters
    assert not (tmp_path / "out.ipynb").exists()


def test_parallel_kernels_start_in_their_folders_and_the_process_stays_put(tmp_path: Path) -> None:
    import os

    jobs = []
    for i in range(3):
        nb = write_notebook(tmp_path / f"d{i}" / "n.ipynb", "import os\nprint(os.getcwd())")
        jobs.append(NotebookJob(nb, tmp_path / f"d{i}" / "out.ipynb", {}))
    before = os.getcwd()
    results = execute_many(jobs, progress=False)
    assert os.getcwd() == before
    for i, result in enumerate(results):
        printed = [
            o.get("text", "")
            for c in load(result.output_path).cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
        ]
        assert printed[-1].strip() == str(tmp_path / f"d{i}")


def test_a_job_after_the_others_warms_up_beside_them_and_reads_only_once_they_are_done(
    tmp_path: Path,
) -> None:
    warm, written = tmp_path / "warm.txt", tmp_path / "written.txt"
    # The first notebook finishes only once the second one's kernel has run its import cell: were
    # the second one started after it, this would time out instead.
    first = write_notebook(
        tmp_path / "first.ipynb",
        "import pathlib, time\n"
        f"deadline = time.monotonic() + 240\n"
        f"while not pathlib.Path({str(warm)!r}).exists() and time.monotonic() < deadline:\n"
        "    time.sleep(0.05)\n"
        f"assert pathlib.Path({str(warm)!r}).exists(), 'the waiting notebook did not warm up'\n"
        "time.sleep(1)\n"
        f"pathlib.Path({str(written)!r}).write_text('results')",
    )
    second = write_notebook(
        tmp_path / "second.ipynb",
        f"import pathlib\npathlib.Path({str(warm)!r}).write_text('imports done')",
        f"print(area, pathlib.Path({str(written)!r}).read_text())",
    )
    done_order: list[str] = []
    jobs = [
        NotebookJob(first, tmp_path / "out" / "first.ipynb", {"area": "a"}),
        NotebookJob(
            second,
            tmp_path / "out" / "second.ipynb",
            {"area": "b"},
            after_others=True,
            on_done=lambda r: done_order.append(r.output_path.stem),
        ),
    ]
    first_result, second_result = execute_many(jobs, max_workers=1, progress=False)
    assert first_result.ok, first_result.failure_text()
    assert second_result.ok, second_result.failure_text()
    assert "b results" in _stdout(load(second_result.output_path))
    assert done_order == ["second"]
    assert second_result.seconds < first_result.seconds + 60  # the wait is not counted as its time


def test_progress_callable_hears_of_every_job_with_its_result(tmp_path: Path) -> None:
    heard: list[tuple[int, int, str, bool]] = []
    jobs = [
        NotebookJob(write_notebook(tmp_path / "a.ipynb", "x = 1"), tmp_path / "out" / "a.ipynb"),
        NotebookJob(failing_notebook(tmp_path / "b.ipynb"), tmp_path / "out" / "b.ipynb"),
    ]
    execute_many(jobs, progress=lambda d, t, job, r: heard.append((d, t, job.name, r.ok)))
    assert sorted((t, name, ok) for _, t, name, ok in heard) == [(2, "a", True), (2, "b", False)]
    assert sorted(h[0] for h in heard) == [1, 2]


def test_kernels_keep_bytecode_in_the_workspace_cache_and_log_no_shutdown_interrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WGP_AUDIT_HOME", str(tmp_path / "ws"))
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    notebook = write_notebook(
        tmp_path / "k.ipynb",
        "import sys\nprint(f'prefix={sys.pycache_prefix}', f'dont_write={sys.dont_write_bytecode}')",
        "log = get_ipython().kernel.log\n"
        'log.error("KeyboardInterrupt caught in kernel.")\n'
        'log.error("another kernel error stays visible")',
    )
    result = execute_notebook(notebook, tmp_path / "out" / "k.ipynb")
    assert result.ok, result.failure_text()
    printed = _stdout(load(result.output_path))
    assert f"prefix={tmp_path / 'ws' / '.cache' / 'pycache'}" in printed and "dont_write=False" in printed
    assert (tmp_path / "ws" / ".cache" / "pycache").stat().st_mode & 0o777 == 0o700
    err = capfd.readouterr().err
    assert "another kernel error stays visible" in err
    assert "KeyboardInterrupt caught in kernel" not in err


def test_the_run_process_keeps_its_bytecode_in_the_workspace_cache_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from wgp_audit.report.kernel import use_bytecode_cache

    monkeypatch.setenv("WGP_AUDIT_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "pycache_prefix", None)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    use_bytecode_cache()
    assert sys.pycache_prefix == str(tmp_path / ".cache" / "pycache")
    assert not sys.dont_write_bytecode
