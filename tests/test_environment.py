"""environment.yml and pyproject.toml describe the same dependencies."""

from __future__ import annotations

import tomllib

from tests.conftest import REPO


def _pip_section() -> set[str]:
    lines = (REPO / "environment.yml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- pip:")
    deps = set()
    for line in lines[start + 1 :]:
        if not line.strip().startswith("- "):
            break
        deps.add(line.strip()[2:].strip())
    return deps


def test_environment_yml_lists_exactly_the_pyproject_dependencies() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    assert _pip_section() == wanted


def test_environment_yml_pins_the_same_python() -> None:
    text = (REPO / "environment.yml").read_text()
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "python=3.11" in text and ">=3.11" in project["requires-python"]


def _locked() -> dict[str, set[str]]:
    """requirements.lock as {normalised name: versions} (a name may carry one version per marker)."""
    from packaging.utils import canonicalize_name

    pins: dict[str, set[str]] = {}
    for line in (REPO / "requirements.lock").read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            name, _, rest = line.partition("==")
            pins.setdefault(canonicalize_name(name.split("[")[0]), set()).add(rest.split()[0].rstrip(";\\"))
    return pins


def test_the_lock_pins_every_pyproject_dependency_at_a_version_its_specifier_allows() -> None:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    locked = _locked()
    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        req = Requirement(spec)
        versions = locked.get(canonicalize_name(req.name))
        assert versions, f"{req.name} is not in requirements.lock: run `make lock`"
        assert all(req.specifier.contains(v, prereleases=True) for v in versions), (
            f"requirements.lock has {req.name} {sorted(versions)}, pyproject wants {req.specifier}: "
            "run `make lock`"
        )


def test_every_locked_package_carries_hashes() -> None:
    text = (REPO / "requirements.lock").read_text()
    entries = [e for e in text.split("\n") if e and not e[0].isspace() and not e.startswith("#")]
    assert entries and all(e.endswith("\\") for e in entries)  # each pin continues with its --hash lines
    assert text.count("--hash=sha256:") >= len(entries)


def test_duckdb_and_its_extension_packages_share_one_exact_version() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pins = {d.split("==")[0]: d.split("==")[1] for d in project["dependencies"] if d.startswith("duckdb")}
    assert "duckdb" in pins and len(pins) >= 4 and len(set(pins.values())) == 1
    locked = _locked()
    assert all(locked[name] == {pins["duckdb"]} for name in pins)
