"""Notebooks have one committed form: saving one in JupyterLab does not churn the file."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager
from nbformat.sign import NotebookNotary

from tests.conftest import REPO
from wgp_audit.report.normalise import KERNELSPEC, main, normalise_text

NOTEBOOK = REPO / "notebooks" / "10_retention.ipynb"


def committed_form() -> str:
    """A real notebook of the project in its committed form."""
    return normalise_text(NOTEBOOK.read_text(encoding="utf-8"))


def as_lab_leaves_it(text: str) -> dict[str, Any]:
    """The notebook as JupyterLab sends it back after opening it with another kernel and saving."""
    nb: dict[str, Any] = json.loads(text)
    nb["metadata"]["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb["metadata"]["language_info"]["version"] = "3.12.1"
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    for cell in nb["cells"]:
        cell["metadata"].update(collapsed=False, scrolled=True, trusted=True)
        cell["metadata"]["execution"] = {"iopub.status.busy": "2026-12-02T10:00:00.000000Z"}
    nb["cells"][0]["metadata"]["jp-MarkdownHeadingCollapsed"] = True
    return nb


@contextmanager
def jupyter_contents(root: Path, **config: Any) -> Iterator[FileContentsManager]:
    """jupyter_server's contents manager on `root`, which saves as JupyterLab does; its notebook
    signature store in memory (not in ~/.local/share/jupyter) and closed afterwards."""
    manager = FileContentsManager(root_dir=str(root), **config)
    manager.notary = NotebookNotary(db_file=":memory:")
    try:
        yield manager
    finally:
        manager.notary.close()


def save_through_jupyter_server(nb: dict[str, Any], folder: Path, name: str, **config: Any) -> Path:
    """Save `nb` the way JupyterLab does: through jupyter_server's contents manager."""
    with jupyter_contents(folder, **config) as manager:
        manager.save({"type": "notebook", "format": "json", "content": nb}, name)
    return folder / name


def test_the_committed_form_keeps_outputs_and_execution_counts_for_nbval() -> None:
    original = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    normalised = json.loads(committed_form())
    assert [c.get("outputs") for c in normalised["cells"]] == [c.get("outputs") for c in original["cells"]]
    assert [c.get("execution_count") for c in normalised["cells"]] == [
        c.get("execution_count") for c in original["cells"]
    ]
    assert any(c.get("outputs") for c in normalised["cells"])


def test_the_committed_form_names_the_wgp_audit_kernel_and_no_python_patch_version() -> None:
    meta = json.loads(committed_form())["metadata"]
    assert meta["kernelspec"] == KERNELSPEC
    assert meta["language_info"]["name"] == "python" and "version" not in meta["language_info"]


def test_the_committed_form_is_what_nbformat_writes_so_a_plain_save_changes_nothing() -> None:
    text = committed_form()
    assert nbformat.writes(nbformat.reads(text, as_version=4)) + "\n" == text
    assert normalise_text(text) == text


def test_a_notebook_saved_in_lab_with_another_kernel_normalises_back_to_the_committed_form(
    tmp_path: Path,
) -> None:
    text = committed_form()
    saved = save_through_jupyter_server(as_lab_leaves_it(text), tmp_path, "saved.ipynb")
    assert saved.read_text(encoding="utf-8") != text
    assert normalise_text(saved.read_text(encoding="utf-8")) == text


def test_cells_keep_their_ids_and_missing_or_repeated_ids_become_cell_index() -> None:
    nb = json.loads(committed_form())
    ids = [c["id"] for c in nb["cells"]]
    broken = copy.deepcopy(nb)
    del broken["cells"][1]["id"]
    broken["cells"][3]["id"] = ids[2]
    fixed = [c["id"] for c in json.loads(normalise_text(json.dumps(broken)))["cells"]]
    assert fixed == [ids[0], "cell-1", ids[2], "cell-3", *ids[4:]]


def test_stdin_mode_passes_text_that_is_not_a_notebook_through_unchanged() -> None:
    text = '{"cells": [\n<<<<<<< HEAD\n'
    done = subprocess.run(
        [sys.executable, "-m", "wgp_audit.report.normalise", "--stdin"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == text


def test_check_lists_a_notebook_that_would_change_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(as_lab_leaves_it(committed_form())), encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    assert f"would normalise {path}" in capsys.readouterr().out
    assert main([str(path)]) == 0
    assert main(["--check", str(path)]) == 0


def lab_pre_save_hook() -> str:
    """The pre-save hook `make lab` starts JupyterLab with."""
    found = re.search(r"--ContentsManager\.pre_save_hook=(\S+)", (REPO / "Makefile").read_text())
    assert found, "make lab starts JupyterLab without the notebook pre-save hook"
    return found.group(1)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_opening_and_saving_in_lab_as_make_lab_starts_it_leaves_git_status_clean(tmp_path: Path) -> None:
    repo = tmp_path / "clone"
    (repo / "notebooks").mkdir(parents=True)
    shutil.copyfile(REPO / ".gitignore", repo / ".gitignore")
    (repo / "notebooks" / NOTEBOOK.name).write_text(committed_form(), encoding="utf-8")

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "notebooks")
    with jupyter_contents(repo, pre_save_hook=lab_pre_save_hook()) as lab:
        opened = lab.get(f"notebooks/{NOTEBOOK.name}")  # what Lab loads, then changes and saves
        assert opened["type"] == "notebook"
        edited = as_lab_leaves_it(json.dumps(opened["content"]))
        lab.save({"type": "notebook", "format": "json", "content": edited}, f"notebooks/{NOTEBOOK.name}")
        lab.create_checkpoint(f"notebooks/{NOTEBOOK.name}")
    assert (repo / "notebooks" / ".ipynb_checkpoints").is_dir()
    assert git("status", "--porcelain") == ""


def test_the_pre_save_hook_leaves_notebooks_outside_notebooks_folder_as_saved(tmp_path: Path) -> None:
    save_through_jupyter_server(
        as_lab_leaves_it(committed_form()), tmp_path, "scratch.ipynb", pre_save_hook=lab_pre_save_hook()
    )
    saved = json.loads((tmp_path / "scratch.ipynb").read_text(encoding="utf-8"))
    assert saved["metadata"]["kernelspec"]["name"] == "python3"


def test_the_committed_notebooks_are_in_their_committed_form() -> None:
    templates = sorted((REPO / "notebooks").glob("*.ipynb"))
    assert templates
    unnormalised = [
        p.name
        for p in templates
        if normalise_text(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")
    ]
    assert not unnormalised, (
        f"run `python -m wgp_audit.report.normalise notebooks/*.ipynb` (or make notebooks): {unnormalised}"
    )
