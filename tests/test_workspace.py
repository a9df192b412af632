"""The workspace file (validated, read for defaults), `wgp-audit init`, --version, and the audit
date default: today, except for the demo data."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import shutil
import zoneinfo
from pathlib import Path

import pytest

from wgp_audit import paths
from wgp_audit.audit import open_audit
from wgp_audit.cli import main
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ConfigError, ExitCode
from wgp_audit.params import DEMO_AS_OF, DEMO_PERIOD_START, audit_period, is_demo_source
from wgp_audit.workspace import WORKSPACE_TEMPLATE, load_workspace, workspace_settings

TZ = "Asia/Atyrau"


@pytest.fixture
def no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_VARIABLE, raising=False)


def _file(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / paths.WORKSPACE_FILE
    path.write_text(text, encoding="utf-8")
    return path


def test_workspace_paths_are_relative_to_the_file_and_server_sources_are_kept(tmp_path: Path) -> None:
    path = _file(
        tmp_path / "ws",
        'source = "data/wgp.duckdb"\nmapping = "mappings/own"\nlogs = "/var/log/wgp"\nreports = "../out"\n',
    )
    s = load_workspace(path)
    ws = (tmp_path / "ws").resolve()
    assert s.source == str(ws / "data" / "wgp.duckdb")
    assert s.mapping == ws / "mappings" / "own"
    assert s.logs == Path("/var/log/wgp")
    assert s.reports == (tmp_path / "out").resolve()
    assert (
        load_workspace(_file(tmp_path / "pg", 'source = "postgres:PG_DSN?schema=site"\n')).source
        == "postgres:PG_DSN?schema=site"
    )
    assert (
        load_workspace(_file(tmp_path / "lite", 'source = "sqlite:site.db"\n')).source
        == f"sqlite:{(tmp_path / 'lite').resolve() / 'site.db'}"
    )


def test_the_template_init_writes_is_a_valid_workspace_file(tmp_path: Path) -> None:
    s = load_workspace(_file(tmp_path, WORKSPACE_TEMPLATE))
    assert (s.source, s.mapping, s.logs) == (None, None, None)
    assert s.reports == tmp_path.resolve() / "reports"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('sorce = "x.duckdb"\n', "'sorce'"),
        ("reports = 3\n", "reports = 3 must be a string"),
        ('mapping = ""\n', "mapping must not be empty"),
        ("[source]\npath = 'x'\n", "source = "),
    ],
)
def test_an_unknown_key_or_wrong_type_is_a_config_error_naming_file_and_key(
    tmp_path: Path, text: str, named: str
) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(ConfigError, match=named) as err:
        load_workspace(path)
    assert str(path.resolve()) in str(err.value)


def test_a_broken_workspace_file_stops_the_command_with_the_config_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_home: None, capsys: pytest.CaptureFixture[str]
) -> None:
    _file(tmp_path, "source = [1]\n")
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == ExitCode.CONFIG
    assert "wgp-audit.toml" in capsys.readouterr().err


def test_no_workspace_file_means_no_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_home: None
) -> None:
    monkeypatch.chdir(tmp_path)
    s = workspace_settings()
    assert (s.path, s.source, s.mapping, s.logs, s.reports) == (None, None, None, None, None)


def test_the_cli_takes_the_source_from_the_workspace_file_when_none_is_given(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_home: None,
    demo: DemoOutput,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _file(tmp_path, f'source = "{demo.database}"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == ExitCode.OK
    assert f"DuckDB file {demo.database} meets the data contract" in capsys.readouterr().out


def test_init_creates_the_workspace_it_announces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_home: None, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "ws"]) == ExitCode.OK
    ws = tmp_path / "ws"
    assert load_workspace(ws / "wgp-audit.toml").reports == ws.resolve() / "reports"
    assert (ws / "config" / "yardstick.toml").read_bytes() == (
        paths.bundled_dir("config") / "yardstick.toml"
    ).read_bytes()
    shipped = sorted(p.name for p in paths.bundled_dir("notebooks").glob("*.ipynb"))
    assert shipped and sorted(p.name for p in (ws / "notebooks").iterdir()) == shipped
    assert (ws / "reports").is_dir()
    own = (ws / "mappings" / "own" / "README.md").read_text(encoding="utf-8")
    assert "wgp-audit map init --source S --out mappings/own" in own
    examples = paths.bundled_dir("mappings")
    if examples.is_dir():
        for example in (p for p in examples.iterdir() if p.is_dir()):
            assert (ws / "mappings" / example.name).is_dir()
    assert "workspace created" in capsys.readouterr().out
    # inside it, the workspace's own folders are the ones used
    monkeypatch.chdir(ws / "notebooks")
    assert paths.workspace_root() == ws.resolve()
    assert paths.yardstick_path() == ws.resolve() / "config" / "yardstick.toml"
    assert paths.notebooks_dir() == ws.resolve() / "notebooks"


def test_init_refuses_a_non_empty_folder_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    assert main(["init", str(ws)]) == ExitCode.OK  # an empty folder is fine
    yardstick = ws / "config" / "yardstick.toml"
    yardstick.write_text("# edited by the auditor\n", encoding="utf-8")
    assert main(["init", str(ws)]) == ExitCode.USAGE
    assert "--force" in capsys.readouterr().err
    assert yardstick.read_text(encoding="utf-8") == "# edited by the auditor\n"
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(other)]) == ExitCode.USAGE
    assert not (other / "wgp-audit.toml").exists()
    assert main(["init", "--force", str(ws)]) == ExitCode.OK
    assert yardstick.read_bytes() == (paths.bundled_dir("config") / "yardstick.toml").read_bytes()


def test_version_prints_the_installed_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == ExitCode.OK
    assert capsys.readouterr().out.strip() == f"wgp-audit {importlib.metadata.version('wgp-audit')}"


def test_the_demo_data_is_recognised_by_its_manifest_and_a_copy_without_it_is_not(
    tmp_path: Path, demo: DemoOutput
) -> None:
    assert is_demo_source(None)
    assert is_demo_source(demo.database)
    assert is_demo_source(f"duckdb:{demo.database}")
    copy = tmp_path / "wgp.duckdb"
    shutil.copy(demo.database, copy)
    assert not is_demo_source(copy)
    assert not is_demo_source("postgres:WGP_AUDIT_PG_DSN")
    (tmp_path / "manifest.json").write_text('{"unrelated": true}', encoding="utf-8")
    assert not is_demo_source(copy)


def test_the_audit_date_defaults_to_today_except_for_the_demo_data() -> None:
    today = dt.datetime.now(zoneinfo.ZoneInfo(TZ)).date()
    real = audit_period(None, None, None, TZ)
    assert real.as_of.date() == today
    assert real.period_end.date() == today
    assert real.period_start.date() == today.replace(year=today.year - 1) + dt.timedelta(days=1)
    demo = audit_period(None, None, None, TZ, demo=True)
    assert (demo.as_of.date(), demo.period_start.date()) == (DEMO_AS_OF, DEMO_PERIOD_START)
    given = audit_period("2025-06-30", None, None, TZ)
    assert (given.as_of.date(), given.period_start.date()) == (dt.date(2025, 6, 30), dt.date(2024, 7, 1))


def test_open_audit_takes_the_demo_date_only_for_the_demo_source(tmp_path: Path, demo: DemoOutput) -> None:
    copy = tmp_path / "operator.duckdb"
    shutil.copy(demo.database, copy)
    with open_audit(demo.database) as audit:
        assert audit.period.as_of.date() == DEMO_AS_OF
    with open_audit(copy) as audit:
        assert audit.period.as_of.date() == dt.datetime.now(zoneinfo.ZoneInfo(TZ)).date()
