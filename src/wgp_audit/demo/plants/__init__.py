"""Planted violations and near-misses, one module per audit area; each exposes `plant(ds, wd)`."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from wgp_audit.calendar import WorkingDays
from wgp_audit.demo.dataset import Dataset

Planter = Callable[[Dataset, WorkingDays], None]


def planters() -> list[tuple[str, Planter]]:
    """Every plant module of this package, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append((info.name, module.plant))
    return found
