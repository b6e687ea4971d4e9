"""One case per row of the diagnostics and corticosteroid tables, plus missing-data cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from hooks.facts import Fact
from hooks.rules import DecisionTable, decide
from hooks.spinal_metastases.diagnosis.work_up import (
    BIOPSY_TIMING,
    DECOMPRESSION,
    MRI_INDICATION,
    STAGING,
    SURGICAL_WORKUP,
)
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.corticosteroids import (
    BIOPSY_FIRST,
    PAIN_FLARE,
    START_DEXAMETHASONE,
    TAPER,
    biopsy_first_unless_biopsied,
    gastric_protection_table,
)

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
YES, NO, UNKNOWN = Fact(True), Fact(False), Fact[bool]()
UNKNOWN_ORIGIN: dict[str, Any] = {
    "known_primary": NO,
    "spinal_metastasis_suspected": YES,
    "spinal_metastasis_radiological": YES,
    "tissue_diagnosis_obtained": NO,
}
PPI = gastric_protection_table(SpinePolicy())
PPI_STRICT = gastric_protection_table(
    SpinePolicy(platelet_inhibitors_count_as_anticoagulants=False)
)
NO_RISK: dict[str, Any] = {
    "gastric_ulcer_history": NO,
    "nsaid_use": NO,
    "anticoagulant_use": NO,
    "platelet_inhibitor_use": NO,
    "ppi_active": NO,
}


def facts(**changes: Any) -> SpineFacts:
    return replace(SpineFacts(now=NOW), **changes)


CASES = [
    pytest.param(
        MRI_INDICATION,
        facts(known_primary=YES, spinal_metastasis_suspected=YES, mri_spine_found=NO),
        "SM-D02",
        id="known-primary-suspicion-no-imaging",
    ),
    pytest.param(
        MRI_INDICATION,
        facts(known_primary=YES, spinal_metastasis_suspected=YES, mri_spine_found=YES),
        None,
        id="mri-present-no-indication",
    ),
    pytest.param(
        SURGICAL_WORKUP,
        facts(surgical_candidate=YES, recent_ct_thorax_abdomen=NO),
        "SM-DX01",
        id="surgical-candidate-no-recent-ct",
    ),
    pytest.param(
        SURGICAL_WORKUP,
        facts(surgical_candidate=NO, recent_ct_thorax_abdomen=NO),
        None,
        id="not-a-surgical-candidate",
    ),
    pytest.param(STAGING, facts(**UNKNOWN_ORIGIN), "SM-DX02", id="unknown-origin-staging"),
    pytest.param(
        STAGING,
        facts(**{**UNKNOWN_ORIGIN, "known_primary": YES}),
        None,
        id="known-primary-no-staging",
    ),
    pytest.param(
        BIOPSY_TIMING,
        facts(**UNKNOWN_ORIGIN, mescc_clinical_suspicion=YES),
        "SM-DX04",
        id="unknown-origin-clinical-mescc-1-day",
    ),
    pytest.param(
        BIOPSY_TIMING,
        facts(**UNKNOWN_ORIGIN, mescc_clinical_suspicion=NO, mescc_radiological=YES),
        "SM-DX04",
        id="unknown-origin-radiological-mescc-1-day",
    ),
    pytest.param(
        BIOPSY_TIMING,
        facts(**UNKNOWN_ORIGIN, mescc_clinical_suspicion=NO, mescc_radiological=NO),
        "SM-DX03",
        id="unknown-origin-no-mescc-1-week",
    ),
    pytest.param(
        BIOPSY_TIMING,
        facts(**{**UNKNOWN_ORIGIN, "tissue_diagnosis_obtained": YES}, mescc_clinical_suspicion=YES),
        None,
        id="tissue-already-obtained",
    ),
    pytest.param(
        DECOMPRESSION,
        facts(
            **UNKNOWN_ORIGIN,
            deficit_progressive=YES,
            corticosteroid_active=YES,
            surgical_candidate=YES,
        ),
        "SM-DX05",
        id="progressive-despite-steroids",
    ),
    pytest.param(
        DECOMPRESSION,
        facts(
            **UNKNOWN_ORIGIN,
            deficit_progressive=YES,
            corticosteroid_active=YES,
            surgical_candidate=NO,
        ),
        None,
        id="not-eligible-for-surgery",
    ),
    pytest.param(
        BIOPSY_FIRST, facts(**UNKNOWN_ORIGIN), "SM-CS01", id="unknown-origin-biopsy-first"
    ),
    pytest.param(
        BIOPSY_FIRST,
        facts(
            known_primary=NO, haematological_malignancy_suspected=YES, tissue_diagnosis_obtained=NO
        ),
        "SM-CS01",
        id="haematological-suspicion-biopsy-first",
    ),
    pytest.param(
        BIOPSY_FIRST,
        facts(**{**UNKNOWN_ORIGIN, "tissue_diagnosis_obtained": YES}),
        None,
        id="after-biopsy-steroids-allowed",
    ),
    pytest.param(
        START_DEXAMETHASONE,
        facts(known_primary=YES, mescc_symptomatic=YES, surgery_or_radiotherapy_planned=YES),
        "SM-CS02",
        id="symptomatic-compression-start",
    ),
    pytest.param(
        START_DEXAMETHASONE,
        facts(known_primary=YES, mescc_symptomatic=YES, surgery_or_radiotherapy_planned=NO),
        None,
        id="no-treatment-planned",
    ),
    pytest.param(
        START_DEXAMETHASONE,
        facts(
            known_primary=YES,
            mescc_radiological=YES,
            mescc_symptomatic=NO,
            surgery_or_radiotherapy_planned=YES,
        ),
        "SM-CS05",
        id="asymptomatic-mescc-no-consensus",
    ),
    pytest.param(
        START_DEXAMETHASONE,
        facts(**UNKNOWN_ORIGIN, mescc_symptomatic=YES, surgery_or_radiotherapy_planned=YES),
        None,
        id="biopsy-first-blocks-the-start",
    ),
    pytest.param(PPI, facts(**{**NO_RISK, "nsaid_use": YES}), "SM-CS03", id="nsaid-ppi"),
    pytest.param(
        PPI, facts(**{**NO_RISK, "gastric_ulcer_history": YES}), "SM-CS03", id="ulcer-history-ppi"
    ),
    pytest.param(
        PPI, facts(**{**NO_RISK, "anticoagulant_use": YES}), "SM-CS03", id="anticoagulant-ppi"
    ),
    pytest.param(
        PPI,
        facts(**{**NO_RISK, "platelet_inhibitor_use": YES}),
        "SM-CS03",
        id="platelet-inhibitor-counts-by-default",
    ),
    pytest.param(
        PPI_STRICT,
        facts(**{**NO_RISK, "platelet_inhibitor_use": YES}),
        None,
        id="platelet-inhibitor-policy-off",
    ),
    pytest.param(
        PPI,
        facts(**{**NO_RISK, "nsaid_use": YES, "ppi_active": YES}),
        None,
        id="ppi-already-active",
    ),
    pytest.param(PPI, facts(**NO_RISK), None, id="no-risk-factor"),
    pytest.param(
        TAPER,
        facts(radiotherapy_completed=YES, corticosteroid_active=YES),
        "SM-CS04",
        id="taper-after-radiotherapy",
    ),
    pytest.param(
        TAPER,
        facts(radiotherapy_completed=YES, corticosteroid_active=NO),
        None,
        id="nothing-to-taper",
    ),
    pytest.param(PAIN_FLARE, facts(pain_flare_after_radiotherapy=YES), "SM-CS06", id="pain-flare"),
    pytest.param(PAIN_FLARE, facts(pain_flare_after_radiotherapy=NO), None, id="no-pain-flare"),
]
TESTED_ROWS = {case.values[2] for case in CASES} - {None}


@pytest.mark.parametrize(("table", "case", "expected"), CASES)
def test_decision(table: DecisionTable[SpineFacts], case: SpineFacts, expected: str | None) -> None:
    decision = decide(table, case)
    assert (decision.row.id if decision.row else None) == expected
    assert decision.undecided == ()


UNDECIDED = [
    pytest.param(
        MRI_INDICATION,
        facts(known_primary=YES, spinal_metastasis_suspected=YES),
        "SM-D02",
        id="imaging-not-in-record-is-unknown",
    ),
    pytest.param(
        BIOPSY_FIRST,
        facts(
            spinal_metastasis_suspected=YES,
            spinal_metastasis_radiological=YES,
            tissue_diagnosis_obtained=NO,
        ),
        "SM-CS01",
        id="primary-status-unknown",
    ),
    pytest.param(BIOPSY_TIMING, facts(**UNKNOWN_ORIGIN), "SM-DX04", id="mescc-status-unknown"),
    pytest.param(
        PPI,
        facts(**{**NO_RISK, "gastric_ulcer_history": UNKNOWN}),
        "SM-CS03",
        id="ulcer-history-unknown",
    ),
    pytest.param(
        START_DEXAMETHASONE,
        facts(known_primary=YES, surgery_or_radiotherapy_planned=YES),
        "SM-CS02",
        id="symptoms-unknown",
    ),
]


@pytest.mark.parametrize(("table", "case", "first_undecided"), UNDECIDED)
def test_unknown_facts_leave_the_row_undecided(
    table: DecisionTable[SpineFacts], case: SpineFacts, first_undecided: str
) -> None:
    decision = decide(table, case)
    assert decision.row is None
    assert decision.undecided[0].id == first_undecided


@pytest.mark.parametrize(
    ("case", "stands"),
    [
        pytest.param(
            facts(**{**UNKNOWN_ORIGIN, "tissue_diagnosis_obtained": UNKNOWN}),
            True,
            id="origin-unknown-biopsy-not-recorded",
        ),
        pytest.param(
            facts(known_primary=NO, haematological_malignancy_suspected=YES),
            True,
            id="haematological-biopsy-not-recorded",
        ),
        pytest.param(
            facts(**UNKNOWN_ORIGIN), False, id="biopsy-recorded-as-not-done-decides-the-row"
        ),
        pytest.param(
            facts(**{**UNKNOWN_ORIGIN, "tissue_diagnosis_obtained": YES}), False, id="biopsy-done"
        ),
        pytest.param(
            facts(known_primary=YES, spinal_metastasis_suspected=YES), False, id="known-primary"
        ),
    ],
)
def test_biopsy_first_stands_until_a_biopsy_is_on_record(case: SpineFacts, stands: bool) -> None:
    """SM-CS01: a biopsy the record does not show is not a biopsy done (unknown is not false)."""
    assert biopsy_first_unless_biopsied(case) is stands
