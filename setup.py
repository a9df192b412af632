"""Package data from the repository's top-level folders (everything else is in pyproject.toml).

sql/, config/, notebooks/*.ipynb and mappings/ stay at the top of the repository (the project's
layout); this build step copies them into the wheel as wgp_audit/_data/<folder>, where
wgp_audit.paths finds them when no workspace has its own. An editable install reads the
repository's folders directly, so nothing is copied then.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: folder -> the file patterns shipped from it (recursively)
BUNDLED = {
    "sql": ("*",),
    "config": ("*",),
    "notebooks": ("*.ipynb",),
    "mappings": ("*",),
}


def bundled_files() -> list[tuple[Path, Path]]:
    """(source file, path under wgp_audit/_data) for every file shipped as package data."""
    out: list[tuple[Path, Path]] = []
    for folder, patterns in BUNDLED.items():
        base = ROOT / folder
        if not base.is_dir():
            continue  # mappings/ may not exist yet
        for pattern in patterns:
            for path in sorted(base.rglob(pattern)):
                if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                    out.append((path, Path(folder) / path.relative_to(base)))
    return out


class BuildPyWithData(build_py):
    """build_py that also copies the top-level data folders into wgp_audit/_data."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "wgp_audit" / "_data"
        if target.exists():
            shutil.rmtree(target)
        for source, relative in bundled_files():
            dest = target / relative
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)


setup(cmdclass={"build_py": BuildPyWithData})
