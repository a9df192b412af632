"""wgp-audit: audit WGP LLP's personal-data database and logs against its policy and Law RK No. 94-V."""

from __future__ import annotations

__version__ = "0.1.0"
