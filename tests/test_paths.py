"""Where the workspace is found, and where each folder resolves: the one settings seam."""

from __future__ import annotations

from pathlib import Path

import pytest

from wgp_audit import paths

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_VARIABLE, raising=False)


def _workspace(root: Path, toml: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / paths.WORKSPACE_FILE).write_text(toml, encoding="utf-8")
    return root


def test_wgp_audit_home_wins_over_a_workspace_file_above_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _workspace(tmp_path / "ws")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(ws)
    monkeypatch.setenv(paths.HOME_VARIABLE, str(home))
    assert paths.workspace_root() == home.resolve()


def test_the_nearest_workspace_file_at_or_above_the_current_directory_is_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_home: None
) -> None:
    outer = _workspace(tmp_path / "outer")
    inner = _workspace(outer / "inner")
    deep = inner / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert paths.workspace_root() == inner.resolve()
    monkeypatch.chdir(outer)
    assert paths.workspace_root() == outer.resolve()


def test_without_home_or_workspace_file_the_checkout_is_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_home: None
) -> None:
    monkeypatch.chdir(tmp_path)
    assert paths.checkout_root() == REPO
    assert paths.workspace_root() == REPO
    assert paths.sql_dir() == REPO / "sql"
    assert paths.yardstick_path() == REPO / "config" / "yardstick.toml"
    assert paths.notebooks_dir() == REPO / "notebooks"
    assert paths.reports_dir() == REPO / "reports"
    assert paths.demo_dir() == REPO / "demo-data"


def test_a_workspace_without_its_own_sql_config_or_notebooks_reads_the_bundled_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_home: None
) -> None:
    ws = _workspace(tmp_path / "ws")
    monkeypatch.chdir(ws)
    assert paths.sql_dir() == paths.bundled_dir("sql")
    assert (paths.sql_dir() / "schema" / "contract.sql").is_file()
    assert paths.yardstick_path() == paths.bundled_dir("config") / "yardstick.toml"
    assert paths.notebooks_dir() == paths.bundled_dir("notebooks")
    # what a run writes stays in the workspace
    assert paths.reports_dir() == ws.resolve() / "reports"
    assert paths.demo_dir() == ws.resolve() / "demo-data"
    assert paths.cache_dir() == ws.resolve() / ".cache"


def test_a_workspace_s_own_folders_win_over_the_bundled_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_home: None
) -> None:
    ws = _workspace(tmp_path / "ws", 'reports = "../elsewhere"\n')
    for name in ("sql", "config", "notebooks", "mappings"):
        (ws / name).mkdir()
    (ws / "config" / "yardstick.toml").write_text("", encoding="utf-8")
    (ws / "notebooks" / "10_x.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(ws)
    assert paths.sql_dir() == ws.resolve() / "sql"
    assert paths.yardstick_path() == ws.resolve() / "config" / "yardstick.toml"
    assert paths.notebooks_dir() == ws.resolve() / "notebooks"
    assert paths.mappings_dir() == ws.resolve() / "mappings"
    assert paths.reports_dir() == (tmp_path / "elsewhere").resolve()


def test_an_empty_config_or_notebooks_folder_does_not_hide_the_bundled_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_home: None
) -> None:
    ws = _workspace(tmp_path / "ws")
    (ws / "config").mkdir()
    (ws / "notebooks").mkdir()
    monkeypatch.chdir(ws)
    assert paths.yardstick_path().is_file()
    assert paths.notebooks_dir() == paths.bundled_dir("notebooks")


def test_only_the_shipped_folders_are_bundled() -> None:
    with pytest.raises(ValueError, match="not a bundled folder"):
        paths.bundled_dir("reports")


def test_notebook_kernels_are_given_the_workspace_of_the_process_that_starts_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_home: None
) -> None:
    from wgp_audit.report.kernel import JupyterHome

    ws = _workspace(tmp_path / "ws")
    monkeypatch.chdir(ws)
    # a kernel starts in its notebook's folder, which for bundled notebooks is not the workspace
    assert JupyterHome(tmp_path / "jupyter").env()[paths.HOME_VARIABLE] == str(ws.resolve())
