"""Fixtures for log ingestion tests: the real sample log and a writer of crafted log files."""

from __future__ import annotations

from pathlib import Path

import pytest

REAL_LOG = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "apache_combined_10k.log"


@pytest.fixture
def real_log() -> Path:
    """The 10,000 real combined-format lines kept beside the repository (../shared/data/real/)."""
    assert REAL_LOG.is_file(), f"missing {REAL_LOG}: clone the repo next to shared/"
    return REAL_LOG
