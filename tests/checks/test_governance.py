"""Governance checks on inline rows: one row that must be found, one near-miss that must not."""

from __future__ import annotations

from tests.conftest import CheckRunner, utc


def test_pol_1_finds_overlapping_versions_but_not_consecutive_ones(run_check: CheckRunner) -> None:
    def version(vid: str, label: str, at: str) -> dict[str, object]:
        return {"version_id": vid, "label": label, "effective_at": utc(at), "material_change": False}

    keys = run_check(
        "POL-1",
        {
            "policy_versions": [
                version("pv-a", "2023-01-12", "2023-01-12T00:00+05:00"),
                version("pv-b", "2024-03-01", "2024-03-01T00:00+05:00"),
                version("pv-b2", "2024-03-01", "2024-03-01T00:00+05:00"),
                version("pv-c", "2024-03-02", "2024-03-02T00:00+05:00"),
            ]
        },
    )
    assert keys == {"pv-b", "pv-b2"}


def test_pol_1_finds_registry_without_the_published_version(run_check: CheckRunner) -> None:
    keys = run_check(
        "POL-1",
        {
            "policy_versions": [
                {
                    "version_id": "pv-x",
                    "label": "2023-01-13",
                    "effective_at": utc("2023-01-13T00:00+05:00"),
                    "material_change": True,
                },
            ]
        },
    )
    assert keys == {"missing:2023-01-12"}


def test_org_1_finds_a_gap_but_not_a_same_day_handover(run_check: CheckRunner) -> None:
    role = "responsible_for_personal_data"
    keys = run_check(
        "ORG-1",
        {
            "org_roles": [
                {
                    "person_id": "a",
                    "role": role,
                    "appointed_at": utc("2022-12-01T10:00+05:00"),
                    "ended_at": utc("2024-08-30T18:00+05:00"),
                },
                {
                    "person_id": "b",
                    "role": role,
                    "appointed_at": utc("2024-09-03T09:00+05:00"),
                    "ended_at": utc("2025-11-14T10:00+05:00"),
                },
                {"person_id": "c", "role": role, "appointed_at": utc("2025-11-14T15:00+05:00")},
                {"person_id": "d", "role": "dpo_deputy", "appointed_at": utc("2024-08-01T10:00+05:00")},
            ]
        },
        period_start="2023-01-01",
        period_end="2026-10-31",
    )
    assert keys == {"gap:2024-08-31"}


def test_org_1_reports_the_whole_period_when_nobody_was_appointed(run_check: CheckRunner) -> None:
    keys = run_check("ORG-1", {"org_roles": []}, period_start="2025-01-01", period_end="2025-12-31")
    assert keys == {"gap:2025-01-01"}
