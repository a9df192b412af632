"""environment.yml and pyproject.toml describe the same dependencies."""

from __future__ import annotations

import tomllib

from tests.conftest import REPO


def _pip_section() -> set[str]:
    lines = (REPO / "environment.yml").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- pip:")
    deps = set()
    for line in lines[start + 1:]:
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
