"""nbval on the committed notebooks: the demo data must exist, pseudonyms use the demo key."""

from __future__ import annotations

import pytest

from wgp_audit.report.refresh import ensure_demo_data, use_demo_key


def pytest_configure(config: pytest.Config) -> None:
    """Before any notebook kernel starts: generate demo-data/ if missing, set the demo key."""
    use_demo_key()
    ensure_demo_data()
