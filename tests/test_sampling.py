"""Attribute sampling: sizes as the AICPA tables print them, drawn from each check's record population,
again identically from the recorded seed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FullRun
from wgp_audit.audit import open_audit
from wgp_audit.cli import main
from wgp_audit.demo import DemoOutput
from wgp_audit.errors import ExitCode, ParameterError
from wgp_audit.privacy import pseudonymiser
from wgp_audit.sampling import (
    SamplingPlan,
    attribute_sample_size,
    binomial_cdf,
    differences,
    draw,
    primary_key,
    run_sample,
)

# AICPA Audit Guide "Audit Sampling" (2017), Appendix A, Table A-1 "Statistical Sample Sizes for Tests
# of Controls - 5 Percent Risk of Overreliance" and Table A-2 (10 percent risk), as transcribed in the
# test suite of R's jfa package (koenderks/jfa, tests/testthat/test-aicpa-appendix-a.R, "Benchmark
# against Appendix A (AICPA 2017)"); the appendix's layout (tables A-1..A-4, sample size where the
# expected rate row meets the tolerable rate column) is also shown at
# https://pl.scribd.com/document/407003314/Statistical-Sampling-Table-Attribute-Sampling .
EXPECTED = [
    x / 100
    for x in (
        0,
        0.25,
        0.5,
        0.75,
        1,
        1.25,
        1.5,
        1.75,
        2,
        2.25,
        2.5,
        2.75,
        3,
        3.25,
        3.5,
        3.75,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        12.5,
        15,
        17.5,
    )
]
TABLE_A1 = {  # tolerable rate (percent) -> sample sizes down the expected-rate rows (blank cells omitted)
    2: [149, 236, 313, 386, 590, 1030],
    3: [99, 157, 157, 208, 257, 303, 392, 562, 846, 1466],
    4: [74, 117, 117, 117, 156, 156, 192, 227, 294, 390, 513, 722, 1098, 1936],
    5: [59, 93, 93, 93, 93, 124, 124, 153, 181, 208, 234, 286, 361, 458, 624, 877, 1348],
    6: [49, 78, 78, 78, 78, 78, 103, 103, 127, 127, 150, 173, 195, 238, 280, 341, 421, 1580],
    7: [42, 66, 66, 66, 66, 66, 66, 88, 88, 88, 109, 109, 129, 148, 167, 185, 221, 478, 1832],
    8: [36, 58, 58, 58, 58, 58, 58, 77, 77, 77, 77, 95, 95, 112, 112, 129, 146, 240, 532],
    9: [32, 51, 51, 51, 51, 51, 51, 51, 68, 68, 68, 68, 84, 84, 84, 100, 100, 158, 266, 585],
    10: [29, 46, 46, 46, 46, 46, 46, 46, 46, 61, 61, 61, 61, 61, 76, 76, 89, 116, 179, 298, 649],
    15: [19, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 40, 40, 40, 40, 50, 68, 85, 110, 150, 576],
    20: [
        14,
        22,
        22,
        22,
        22,
        22,
        22,
        22,
        22,
        22,
        22,
        22,
        22,
        22,
        22,
        22,
        22,
        30,
        30,
        37,
        37,
        44,
        50,
        88,
        193,
        720,
    ],
}
A1_CELLS = [(t / 100, e, n) for t, column in TABLE_A1.items() for e, n in zip(EXPECTED, column, strict=False)]
# Table A-2 (90 percent confidence), cells of the 0, 1 and 2 percent expected-rate rows.
A2_CELLS = [
    (0.02, 0.0, 114),
    (0.05, 0.0, 45),
    (0.10, 0.0, 22),
    (0.20, 0.0, 11),
    (0.04, 0.01, 96),
    (0.05, 0.01, 77),
    (0.10, 0.01, 38),
    (0.06, 0.02, 88),
    (0.10, 0.02, 38),
    (0.03, 0.02, 590),
]


@pytest.mark.parametrize(("tolerable", "expected", "size"), A1_CELLS)
def test_sample_size_matches_aicpa_table_a1_at_95_percent(
    tolerable: float, expected: float, size: int
) -> None:
    """Every one of Table A-1's 194 printed sizes (95% confidence)."""
    assert attribute_sample_size(0.95, tolerable, expected).n == size


@pytest.mark.parametrize(("tolerable", "expected", "size"), A2_CELLS)
def test_sample_size_matches_aicpa_table_a2_at_90_percent(
    tolerable: float, expected: float, size: int
) -> None:
    """Cells of Table A-2 (90% confidence)."""
    assert attribute_sample_size(0.90, tolerable, expected).n == size


def test_the_tables_bracketed_deviations_are_the_allowed_ones() -> None:
    """Table A-1 prints 93 (1) for 5% tolerable, 1% expected and 181 (4) for 5%, 2%."""
    assert attribute_sample_size(0.95, 0.05, 0.01).allowed_deviations == 1
    assert attribute_sample_size(0.95, 0.05, 0.02).allowed_deviations == 4


def test_the_size_is_the_smallest_whose_upper_bound_is_within_the_tolerable_rate() -> None:
    """59 records without a deviation bound the rate below 5% at 95%; 58 do not."""
    assert binomial_cdf(0, 59, 0.05) <= 0.05 < binomial_cdf(0, 58, 0.05)


@pytest.mark.parametrize(
    ("confidence", "tolerable", "expected"),
    [(1.0, 0.05, 0.0), (0.95, 0.0, 0.0), (0.95, 0.05, 0.05), (0.95, 0.05, -0.01)],
)
def test_a_plan_outside_the_method_is_refused(confidence: float, tolerable: float, expected: float) -> None:
    """Confidence and rates must lie in (0, 1), the expected rate below the tolerable one."""
    with pytest.raises(ParameterError):
        SamplingPlan(confidence, tolerable, expected)


def test_a_draw_depends_only_on_the_population_the_seed_and_the_check() -> None:
    """Same keys (in any order) and seed: same sample; another seed: another sample."""
    keys = [f"u{i:04d}" for i in range(500)]
    first = draw(keys, 59, 7, "CON-1")
    assert first == draw(list(reversed(keys)), 59, 7, "CON-1")
    assert len(first) == 59 and set(first) <= set(keys)
    assert first != draw(keys, 59, 8, "CON-1")
    assert draw(keys[:10], 59, 7, "CON-1") == sorted(keys[:10])  # the whole population when smaller


def test_the_population_is_the_table_whose_primary_key_the_record_key_is() -> None:
    """CON-1 judges accounts (users.user_id), DSR-1 requests, a log check has no table population."""
    from wgp_audit.checks import load_checks

    specs = {s.id: s for s in load_checks()}
    assert primary_key(specs["CON-1"]) == ("users", "user_id")
    assert primary_key(specs["DSR-1"]) == ("dsr_requests", "request_id")
    assert primary_key(specs["LOG-3"]) is None


def test_passing_and_failing_checks_are_sampled_from_their_population_and_redrawn_identically(
    demo: DemoOutput,
) -> None:
    """A run's sample covers passing checks too, draws the planned size from the whole population
    (not from the findings), and the same seed draws it again identically."""
    plan = SamplingPlan(0.95, 0.05, 0.0)
    # a two-day period: CON-1 (accounts created in it before consent) passes, other checks fail
    with open_audit(demo.database, as_of="2026-10-31", period_start="2026-10-30") as audit:
        results = audit.run_checks()
        first = run_sample(audit.con, results, plan, 42, pseudonymiser())
        again = run_sample(audit.con, results, plan, 42, pseudonymiser())
        other = run_sample(audit.con, results, plan, 43, pseudonymiser())
    assert differences(first, again) == [] and first == again
    assert differences(first, other)
    assert first["sample_size"] == 59 and first["seed"] == 42
    sampled = [c for c in first["checks"] if c["sampled"]]
    outcomes = {c["outcome"] for c in sampled}
    assert {"pass", "fail"} <= outcomes
    con1 = next(c for c in sampled if c["check_id"] == "CON-1")
    assert con1["outcome"] == "pass" and con1["population"]["table"] == "users"
    assert con1["population"]["size"] > 1000
    assert con1["sample_size"] == 59 and len({i["record"] for i in con1["items"]}) == 59
    failing = [c for c in sampled if c["outcome"] == "fail" and c["population"]["size"] > 59]
    assert failing
    assert any(c["population"]["findings_in_population"] > 0 for c in failing)
    for check in failing:  # the sample is drawn from the population, not from the findings
        assert check["sample_size"] == 59
        assert (
            sum(i["finding"] for i in check["items"]) < check["population"]["findings"]
            or check["population"]["findings"] < 59
        )


@pytest.mark.slow
def test_a_runs_sample_is_drawn_again_identically_from_its_recorded_seed(
    full_run: FullRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`wgp-audit sample RUN` reopens the run's source with its recorded parameters and seed."""
    run_dir = full_run.outcome.run_dir
    recorded = json.loads((run_dir / "sample.json").read_text())
    assert recorded["seed"] == 20260131 and recorded["sample_size"] == 59
    assert any(c["sampled"] for c in recorded["checks"])
    assert main(["sample", str(run_dir)]) == ExitCode.OK
    assert "identical" in capsys.readouterr().out
    copy = tmp_path / run_dir.name
    shutil.copytree(run_dir, copy)
    recorded["seed"] += 1  # a sample claimed from another seed is not the one drawn again
    (copy / "sample.json").write_text(json.dumps(recorded))
    assert main(["sample", str(copy)]) == ExitCode.VERIFY_FAILED
