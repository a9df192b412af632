"""Attribute sampling as auditors do it: a sample size from confidence, tolerable and expected
deviation rates, drawn reproducibly (seeded) from the population of records a check examined.

Sample size (the AICPA Audit Sampling guide's method, Appendix A, Tables A-1 and A-2): the smallest n
such that, with k = ceil(n x expected rate) deviations allowed, the binomial probability of finding
k or fewer deviations when the population's rate is the tolerable rate is at most 1 - confidence,
i.e. the upper confidence bound of the deviation rate with k deviations in n is at most the tolerable
rate. No maintained Python package computes this (R's jfa does; its planning(likelihood =
"binomial") is the same rule), so the few formulas are here and tested against the guide's tables.
The binomial ignores the population size (it is conservative for small populations); when the size is
the population or more, the whole population is the sample.

Population of a check: the records of its primary table, the contract table whose primary key the
check's record_key is traced to (sqlglot lineage through the staging views; when it traces to
several, the first in the data contract's order, so that the population never depends on results).
It is every row of that table the audit reads: a check judges states as of the audit date as well as
events in the period, so the period is not applied; the population is what the check looked at. A
check whose record_key comes from no contract table's primary key (log lines, generated dates,
cookies keyed by name and domain) is not sampled, and sample.json says why. Passing checks are
sampled as well as failing ones. A sampled record is marked a finding when a finding's record_key is
its key or holds it as a ':'-separated part (RET-2's 'ticket:T1', DIS-9's 'disclosure:user').
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, Final

import duckdb

from wgp_audit.checks import CheckSpec
from wgp_audit.config import Yardstick
from wgp_audit.errors import ConfigError, ParameterError
from wgp_audit.findings import CheckResult, Outcome

SAMPLE_FILE: Final = "sample.json"
METHOD: Final = (
    "attribute sampling, binomial: the smallest n with P(X <= ceil(n * expected) | n, "
    "tolerable) <= 1 - confidence (AICPA Audit Guide: Audit Sampling, Appendix A, "
    "Tables A-1/A-2); simple random selection without replacement, seeded per check"
)
DEFAULTS: Final = {"confidence": 0.95, "tolerable_rate": 0.05, "expected_rate": 0.0}
MAX_SIZE: Final = 5000


@dataclass(frozen=True)
class SamplingPlan:
    """Confidence level, tolerable and expected deviation rates (fractions, e.g. 0.95, 0.05, 0.01)."""

    confidence: float = 0.95
    tolerable_rate: float = 0.05
    expected_rate: float = 0.0

    def __post_init__(self) -> None:
        """Refuse rates outside (0, 1) and an expected rate not below the tolerable one."""
        if not 0 < self.confidence < 1:
            raise ParameterError(
                f"confidence {self.confidence} must lie between 0 and 1", hint="e.g. 0.95 for 95 percent"
            )
        if not 0 < self.tolerable_rate < 1:
            raise ParameterError(
                f"tolerable rate {self.tolerable_rate} must lie between 0 and 1",
                hint="e.g. 0.05 for 5 percent",
            )
        if not 0 <= self.expected_rate < self.tolerable_rate:
            raise ParameterError(
                f"expected rate {self.expected_rate} must be at least 0 and below the "
                f"tolerable rate {self.tolerable_rate}",
                hint="an expected rate at or above the tolerable rate admits no sample",
            )

    def as_dict(self) -> dict[str, float]:
        """The plan as JSON-ready data."""
        return {
            "confidence": self.confidence,
            "tolerable_rate": self.tolerable_rate,
            "expected_rate": self.expected_rate,
        }


@dataclass(frozen=True)
class AttributeSize:
    """A sample size and the number of deviations it allows (the tables' figure in brackets)."""

    n: int
    allowed_deviations: int


def binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space (no overflow for large n)."""
    if p <= 0:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    total = 0.0
    for i in range(min(k, n) + 1):
        total += math.exp(
            math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
        )
    return min(total, 1.0)


def attribute_sample_size(
    confidence: float, tolerable_rate: float, expected_rate: float = 0.0, max_size: int = MAX_SIZE
) -> AttributeSize:
    """The AICPA attribute sample size (see the module docstring); rates as fractions."""
    plan = SamplingPlan(confidence, tolerable_rate, expected_rate)
    expected = Fraction(str(plan.expected_rate))  # exact: 100 * 0.035 is 3.5, never 3.5000000000000004
    alpha = 1 - plan.confidence
    for n in range(1, max_size + 1):
        k = math.ceil(n * expected)
        if k >= n:
            continue
        if binomial_cdf(k, n, plan.tolerable_rate) <= alpha + 1e-12:
            return AttributeSize(n, k)
    raise ParameterError(
        f"no sample of up to {max_size} records meets confidence {confidence}, tolerable "
        f"rate {tolerable_rate} and expected rate {expected_rate}",
        hint="raise the tolerable rate or lower the expected rate",
    )


def plan_from_yardstick(yardstick: Yardstick, **overrides: float | None) -> SamplingPlan:
    """The plan in the yardstick's [sampling] section (defaults 95%, 5%, 0%), with overrides applied."""
    section = dict(DEFAULTS)
    section.update({k: float(v) for k, v in yardstick.raw.get("sampling", {}).items()})
    section.update({k: float(v) for k, v in overrides.items() if v is not None})
    try:
        return SamplingPlan(section["confidence"], section["tolerable_rate"], section["expected_rate"])
    except ParameterError as exc:
        if any(v is not None for v in overrides.values()):
            raise
        raise ConfigError(f"{yardstick.path} [sampling]: {exc.message}", hint=exc.hint) from None


@cache
def _primary_keys(sql: str, where: Path, fingerprint: str) -> tuple[tuple[str, str], ...]:
    """The (table, primary key) pairs a check's record_key comes from."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.lineage import lineage

    from wgp_audit import lineage as lin
    from wgp_audit.contract import load_contract

    try:
        tree = exp.expand(lin._parse(sql, where), dict(lin.staging_views()), dialect="duckdb")
        node = lineage("record_key", tree, schema=dict[str, object](lin._schema()), dialect="duckdb")
    except (sqlglot.errors.SqlglotError, ValueError, KeyError):
        return ()
    traced = set()
    for n in node.walk():
        if isinstance(n.expression, exp.Table) and "." in n.name:
            table, column = n.name.lower().split(".", 1)
            if table.startswith("raw_"):
                traced.add((table[len("raw_") :], column))
    return tuple(
        (t.name, t.primary_key)
        for t in load_contract().tables
        if t.primary_key and (t.name, t.primary_key) in traced
    )


def primary_keys(spec: CheckSpec) -> tuple[tuple[str, str], ...]:
    """(table, primary key) of every contract table whose key the check's record_key is traced to,
    in the data contract's order (none: the check has no record population)."""
    from wgp_audit import lineage as lin

    digest = hashlib.sha256(repr(sorted(lin.staging_views())).encode()).hexdigest()
    return _primary_keys(spec.sql, spec.path, digest)


def primary_key(spec: CheckSpec) -> tuple[str, str] | None:
    """The first of `primary_keys` (the population of a check without findings), or None."""
    keys = primary_keys(spec)
    return keys[0] if keys else None


def _key_parts(record_key: str) -> set[str]:
    """A record_key and its ':'-separated parts ('ticket:T1' holds T1, 'u1:v2' holds u1 and v2)."""
    return {record_key, *record_key.split(":")}


def draw(keys: Iterable[str], size: int, seed: int, check_id: str) -> list[str]:
    """A simple random sample without replacement of `size` keys, the same for the same inputs."""
    ordered = sorted(set(keys))
    chosen = random.Random(f"{seed}:{check_id}").sample(ordered, min(size, len(ordered)))
    return sorted(chosen)


def population_keys(con: Any, table: str, column: str) -> list[str]:
    """The distinct keys of `table` as the audit reads it (raw_<table>), sorted."""
    rows = con.execute(
        f'select distinct cast("{column}" as varchar) from raw_{table} where "{column}" is not null'
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def check_sample(
    con: Any, result: CheckResult, plan: SamplingPlan, size: AttributeSize, seed: int, pseudo: Any
) -> dict[str, Any]:
    """The sample of one check: population, size, seed and the sampled records (pseudonymised)."""
    base: dict[str, Any] = {"check_id": result.spec.id, "outcome": result.outcome.value, "seed": seed}
    if result.outcome not in (Outcome.PASS, Outcome.FAIL):
        return {**base, "sampled": False, "why": f"the check is {result.outcome.value}"}
    candidates = primary_keys(result.spec)
    if not candidates:
        return {
            **base,
            "sampled": False,
            "why": "its record_key is not the primary key of a contract table (log lines, dates "
            "or composite keys): no record population to draw from",
        }
    found = {f.record_key for f in result.findings}
    parts = set().union(*(_key_parts(k) for k in found)) if found else set()
    chosen_table: tuple[str, str, list[str]] | None = None
    for table, column in candidates:  # the first the source provides, in the contract's order
        try:
            chosen_table = (table, column, population_keys(con, table, column))
            break
        except duckdb.Error:  # a table the source lacks: the next candidate, or said below
            continue
    if chosen_table is None:
        return {
            **base,
            "sampled": False,
            "why": f"cannot read its population ({', '.join(f'{t}.{c}' for t, c in candidates)})",
        }
    table, column, keys = chosen_table
    present = set(keys)
    overlap = sum(1 for k in found if _key_parts(k) & present)
    chosen = draw(keys, size.n, seed, result.spec.id)
    population_sha = hashlib.sha256("\n".join(keys).encode()).hexdigest()
    return {
        **base,
        "sampled": True,
        "population": {
            "table": table,
            "key": column,
            "size": len(keys),
            "sha256": population_sha,
            "findings": len(found),
            "findings_in_population": overlap,
        },
        "sample_size": len(chosen),
        "planned_size": size.n,
        "allowed_deviations": size.allowed_deviations,
        "whole_population": size.n >= len(keys),
        "items": [{"record": pseudo(k, "r"), "finding": k in parts} for k in chosen],
    }


def run_sample(
    con: Any, results: Iterable[CheckResult], plan: SamplingPlan, seed: int, pseudo: Any
) -> dict[str, Any]:
    """The sample of every check of a run, with the plan, the size, the method and the seed."""
    size = attribute_sample_size(plan.confidence, plan.tolerable_rate, plan.expected_rate)
    return {
        "method": METHOD,
        "plan": plan.as_dict(),
        "sample_size": size.n,
        "allowed_deviations": size.allowed_deviations,
        "seed": seed,
        "seed_rule": "random.Random(f'{seed}:{check_id}').sample(sorted population keys, size)",
        "checks": [
            check_sample(con, r, plan, size, seed, pseudo) for r in results if r.spec.area != "data_quality"
        ],
    }


def write_sample(run_dir: Path, sample: Mapping[str, Any]) -> Path:
    """Write sample.json into the run folder (before evidence.json, which fingerprints it)."""
    path = run_dir / SAMPLE_FILE
    path.write_text(json.dumps(sample, indent=1), encoding="utf-8")
    return path


def _draw(check: Mapping[str, Any]) -> dict[str, Any]:
    """What a check's draw is made of: population (table, key, size, sha256), size and records."""
    pop = check.get("population") or {}
    return {
        "sampled": check.get("sampled"),
        "seed": check.get("seed"),
        "population": {k: pop.get(k) for k in ("table", "key", "size", "sha256")},
        "sample_size": check.get("sample_size"),
        "records": [i["record"] for i in check.get("items", [])],
    }


def differences(recorded: Mapping[str, Any], redrawn: Mapping[str, Any]) -> list[str]:
    """What differs between a recorded draw and one made again: one line a check (empty: the same).

    Only the draw is compared (population, size, seed, records); whether a sampled record is a
    finding depends on the check's results, which `result_notes` compares.
    """
    out = []
    if recorded.get("plan") != redrawn.get("plan") or recorded.get("seed") != redrawn.get("seed"):
        out.append(
            f"plan or seed differ: {recorded.get('plan')} seed {recorded.get('seed')} vs "
            f"{redrawn.get('plan')} seed {redrawn.get('seed')}"
        )
    before = {c["check_id"]: _draw(c) for c in recorded.get("checks", [])}
    after = {c["check_id"]: _draw(c) for c in redrawn.get("checks", [])}
    for check in sorted(set(before) | set(after)):
        a, b = before.get(check), after.get(check)
        if a != b:
            why = (
                "population changed since the run"
                if a and b and a["population"] != b["population"]
                else "sample differs"
            )
            out.append(f"{check}: {why}")
    return out


def result_notes(recorded: Mapping[str, Any], redrawn: Mapping[str, Any]) -> list[str]:
    """Checks whose outcome or findings differ between the run and now (the draw may still agree)."""

    def key(c: Mapping[str, Any]) -> tuple[Any, ...]:
        pop = c.get("population") or {}
        return (c.get("outcome"), pop.get("findings"), tuple(i["finding"] for i in c.get("items", [])))

    before = {c["check_id"]: c for c in recorded.get("checks", [])}
    return [
        f"{c['check_id']}: {c.get('outcome')} now, {before[c['check_id']].get('outcome')} in the run "
        f"({(c.get('population') or {}).get('findings')} findings now, "
        f"{(before[c['check_id']].get('population') or {}).get('findings')} then)"
        for c in redrawn.get("checks", [])
        if c["check_id"] in before and key(c) != key(before[c["check_id"]])
    ]
