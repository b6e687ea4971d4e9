"""The treatment branch by life expectancy, radiotherapy as first choice, the urgent
consultation when surgery and radiotherapy both fit, and asymptomatic MESCC; with unknowns."""

from __future__ import annotations

from typing import Any

import pytest

from hooks.facts import Fact
from hooks.rules import DecisionTable, decide
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.indication import (
    ASYMPTOMATIC_MESCC,
    BOTH_OPTIONS,
    FIRST_CHOICE,
    LIFE_EXPECTANCY,
)
from tests.hooks.spinal_metastases.cases import NO, YES, facts, months

# Unstable spine with a deficit from MESCC, every surgical condition met.
SURGICAL: dict[str, Any] = {
    "pain_from_metastases": YES,
    "neurological_deficit": YES,
    "mescc_radiological": YES,
    "spine_unstable": YES,
    "life_expectancy_months": months(12),
    "combined_procedure": NO,
    "surgery_fit": YES,
    "whole_spine_mri": YES,
    "asia_grade": Fact("asia-c"),
    "contiguous_1_to_3_vertebrae": YES,
    "expert_surgery_within_24h": YES,
    "systemic_sensitive_tumour": NO,
}
ASYMPTOMATIC: dict[str, Any] = {
    "mescc_radiological": YES,
    "mescc_symptomatic": NO,
    "deficit_expected_short_term": YES,
    "systemic_therapy_active": NO,
    "life_expectancy_months": months(8),
}

CASES = [
    pytest.param(LIFE_EXPECTANCY, facts(life_expectancy_months=months(2)), "SM-LE<3", id="le-2"),
    pytest.param(
        LIFE_EXPECTANCY, facts(life_expectancy_months=months(3)), "SM-LE>3", id="le-exactly-3"
    ),
    pytest.param(
        FIRST_CHOICE,
        facts(
            pain_from_metastases=YES,
            rt_adequate_dose_possible=YES,
            life_expectancy_months=months(2),
        ),
        "SM-T01",
        id="short-life-expectancy-rt-first-choice",
    ),
    pytest.param(
        FIRST_CHOICE,
        facts(**{**SURGICAL, "rt_adequate_dose_possible": YES}),
        None,
        id="surgery-indicated-rt-not-first-choice",
    ),
    pytest.param(
        FIRST_CHOICE,
        facts(pain_from_metastases=YES, rt_adequate_dose_possible=NO),
        None,
        id="no-adequate-dose-rt-not-first-choice",
    ),
    pytest.param(
        BOTH_OPTIONS,
        facts(**SURGICAL, rt_adequate_dose_possible=YES),
        "SM-T03",
        id="both-fit-urgent-consultation",
    ),
    pytest.param(
        BOTH_OPTIONS,
        facts(**{**SURGICAL, "surgery_fit": NO}, rt_adequate_dose_possible=YES),
        None,
        id="unfit-for-surgery-no-consultation",
    ),
    pytest.param(
        BOTH_OPTIONS,
        facts(**{**SURGICAL, "neurological_deficit": NO}, rt_adequate_dose_possible=YES),
        None,
        id="no-deficit-no-consultation",
    ),
    pytest.param(ASYMPTOMATIC_MESCC, facts(**ASYMPTOMATIC), "SM-T04", id="asymptomatic-treat"),
    pytest.param(
        ASYMPTOMATIC_MESCC,
        facts(**{**ASYMPTOMATIC, "systemic_therapy_active": YES}, systemic_response_expected=NO),
        "SM-T04",
        id="systemic-therapy-without-expected-response-still-treat",
    ),
    pytest.param(
        ASYMPTOMATIC_MESCC,
        facts(**{**ASYMPTOMATIC, "systemic_therapy_active": YES}, systemic_response_expected=YES),
        None,
        id="responsive-systemic-therapy-no",
    ),
    pytest.param(
        ASYMPTOMATIC_MESCC,
        facts(**{**ASYMPTOMATIC, "life_expectancy_months": months(3)}),
        None,
        id="exactly-3-months-is-not-more-than-3",
    ),
]
TESTED_ROWS = {case.values[2] for case in CASES} - {None}


@pytest.mark.parametrize(("table", "case", "expected"), CASES)
def test_treatment_decision(
    table: DecisionTable[SpineFacts], case: SpineFacts, expected: str | None
) -> None:
    decision = decide(table, case)
    assert (decision.row.id if decision.row else None) == expected
    assert decision.undecided == ()


def test_unknown_life_expectancy_shows_both_branches() -> None:
    decision = decide(LIFE_EXPECTANCY, facts())
    assert decision.row is None
    assert [r.id for r in decision.undecided] == ["SM-LE<3", "SM-LE>3"]


def test_adequate_dose_unknown_leaves_first_choice_undecided() -> None:
    decision = decide(
        FIRST_CHOICE, facts(pain_from_metastases=YES, life_expectancy_months=months(2))
    )
    assert decision.row is None
    assert decision.undecided == FIRST_CHOICE.rows


def test_unknown_surgical_condition_leaves_consultation_undecided() -> None:
    decision = decide(
        BOTH_OPTIONS,
        facts(**{**SURGICAL, "surgery_fit": facts().surgery_fit}, rt_adequate_dose_possible=YES),
    )
    assert decision.row is None
    assert decision.undecided == BOTH_OPTIONS.rows
