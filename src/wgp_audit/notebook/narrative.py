"""The narrative every area notebook shares, written once: what each shared table shows and why.

Each area notebook keeps its own title, charts and explanation; the sentences that were the same
in all six (how the audit is opened, what the check and findings tables hold, how the follow-up
sample is drawn) are the captions of the tables the package's shared calls display.
"""

from __future__ import annotations

from typing import Final

SCOPE: Final = "Scope of this audit: the source opened, the audit date and period, the logs and the rows read"
CHECKS: Final = (
    "Checks run: every check of the area with its outcome (pass, fail, not evaluable when the data "
    "it needs is absent, never a pass; error when the check broke)"
)
FINDINGS: Final = (
    "Findings (people pseudonymised): what, who, when, clause, law and severity of each offending record"
)


def sample(size: int, seed: int) -> str:
    """Caption of the follow-up sample: how it was drawn, so it can be drawn again."""
    return (
        f"Sample for manual follow-up: up to {size} findings a failing check, drawn at random with "
        f"seed {seed}; the seed and the population size are recorded so the same sample can be drawn again"
    )
