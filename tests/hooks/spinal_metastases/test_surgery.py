"""The surgery indications (SM-T02a–c), each condition of the checklist (SM-S01–S07) met, not
met and unknown, the site norm (SM-ORG02), and the combined-procedure boundary policy."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from hooks.facts import Fact
from hooks.rules import Truth, decide
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.surgery import (
    SURGERY_CENTRE,
    SURGERY_CONDITIONS,
    SURGERY_INDICATION,
    surgery_conditions_met,
    surgery_indicated,
)
from tests.hooks.spinal_metastases.cases import NO, UNKNOWN, YES, facts, hours_ago, months

INDICATIONS = [
    pytest.param(facts(pain_from_metastases=YES, spine_unstable=YES), "SM-T02a", id="instability"),
    pytest.param(
        facts(spine_unstable=NO, symptoms_returned_after_rt=YES, rt_adequate_dose_possible=NO),
        "SM-T02b",
        id="recurrence-after-rt-cord-tolerance",
    ),
    pytest.param(
        facts(
            spine_unstable=NO,
            symptoms_returned_after_rt=NO,
            deterioration_under_rt_and_steroids=YES,
        ),
        "SM-T02c",
        id="deterioration-under-rt-and-steroids",
    ),
    pytest.param(
        facts(
            pain_from_metastases=YES,
            spine_unstable=NO,
            symptoms_returned_after_rt=YES,
            rt_adequate_dose_possible=YES,
            deterioration_under_rt_and_steroids=NO,
        ),
        None,
        id="reirradiation-still-possible-no-indication",
    ),
]

CHECKLIST: list[Any] = [
    ("SM-S01", facts(life_expectancy_months=months(4), combined_procedure=NO), True),
    ("SM-S01", facts(life_expectancy_months=months(2)), False),
    ("SM-S01", facts(life_expectancy_months=months(3)), None),  # combined procedure unknown
    ("SM-S01", facts(life_expectancy_months=months(3), combined_procedure=NO), True),
    ("SM-S01", facts(life_expectancy_months=months(4), combined_procedure=YES), False),
    ("SM-S01", facts(life_expectancy_months=months(6), combined_procedure=YES), True),
    ("SM-S01", facts(life_expectancy_months=months(7)), True),
    ("SM-S01", facts(), None),
    ("SM-S02", facts(surgery_fit=YES), True),
    ("SM-S02", facts(surgery_fit=NO), False),
    ("SM-S02", facts(), None),
    ("SM-S03", facts(spine_unstable=NO, chemosensitive_tumour=NO), True),
    ("SM-S03", facts(spine_unstable=NO, chemosensitive_tumour=YES), False),
    ("SM-S03", facts(spine_unstable=YES, chemosensitive_tumour=YES), True),
    ("SM-S03", facts(spine_unstable=NO), None),
    ("SM-S04", facts(whole_spine_mri=YES), True),
    ("SM-S04", facts(whole_spine_mri=NO), False),
    ("SM-S05", facts(neurological_deficit=NO), True),
    ("SM-S05", facts(asia_grade=Fact("asia-c")), True),
    ("SM-S05", facts(asia_grade=Fact("asia-a"), complete_lesion_onset=hours_ago(6)), True),
    (
        "SM-S05",
        facts(
            asia_grade=Fact("asia-a"),
            complete_lesion_onset=hours_ago(60),
            improving_after_corticosteroids=NO,
        ),
        False,
    ),
    (
        "SM-S05",
        facts(
            asia_grade=Fact("asia-a"),
            complete_lesion_onset=hours_ago(60),
            improving_after_corticosteroids=YES,
        ),
        True,
    ),
    ("SM-S05", facts(neurological_deficit=YES), None),
    ("SM-S06", facts(contiguous_1_to_3_vertebrae=YES), True),
    ("SM-S06", facts(contiguous_1_to_3_vertebrae=NO), False),
    ("SM-S07", facts(neurological_deficit=NO), True),
    (
        "SM-S07",
        facts(neurological_deficit=YES, mescc_radiological=YES, expert_surgery_within_24h=NO),
        False,
    ),
    (
        "SM-S07",
        facts(neurological_deficit=YES, mescc_radiological=YES, expert_surgery_within_24h=YES),
        True,
    ),
    ("SM-S07", facts(neurological_deficit=YES, mescc_radiological=YES), None),
]

CENTRE = [
    pytest.param(
        facts(site_spine_operations_per_year=Fact(6)), "SM-ORG02", id="site-below-norm-refer"
    ),
    pytest.param(facts(site_spine_operations_per_year=Fact(10)), None, id="site-meets-norm"),
]
TESTED_ROWS = (
    {case.values[1] for case in INDICATIONS}
    | {row for row, _, expected in CHECKLIST if expected is True}
    | {case.values[1] for case in CENTRE}
) - {None}


@pytest.mark.parametrize(("case", "expected"), INDICATIONS)
def test_surgery_indication(case: SpineFacts, expected: str | None) -> None:
    decision = decide(SURGERY_INDICATION, case)
    assert (decision.row.id if decision.row else None) == expected
    assert decision.undecided == ()


@pytest.mark.parametrize(
    ("row_id", "case", "expected"),
    [pytest.param(r, c, e, id=f"{r}-{i}-{e}") for i, (r, c, e) in enumerate(CHECKLIST)],
)
def test_each_surgery_condition(row_id: str, case: SpineFacts, expected: Truth) -> None:
    assert SURGERY_CONDITIONS.row(row_id).when(case) is expected


def test_every_condition_has_a_met_a_not_met_and_an_unknown_case() -> None:
    for row in SURGERY_CONDITIONS.rows:
        outcomes = {expected for row_id, _, expected in CHECKLIST if row_id == row.id}
        assert True in outcomes, row.id
        assert False in outcomes or row.id == "SM-S05", row.id


@pytest.mark.parametrize(("case", "expected"), CENTRE)
def test_site_volume_norm(case: SpineFacts, expected: str | None) -> None:
    decision = decide(SURGERY_CENTRE, case)
    assert (decision.row.id if decision.row else None) == expected


def test_unknown_site_volume_is_undecided() -> None:
    assert decide(SURGERY_CENTRE, facts()).undecided == SURGERY_CENTRE.rows


def test_more_than_six_months_policy_excludes_exactly_six() -> None:
    case = facts(life_expectancy_months=months(6), combined_procedure=YES)
    row = SURGERY_CONDITIONS.row("SM-S01")
    assert row.when(case) is True
    assert row.when(replace(case, combined_procedure_inclusive=False)) is False


ALL_MET: dict[str, Any] = {
    "pain_from_metastases": YES,
    "neurological_deficit": NO,
    "spine_unstable": YES,
    "life_expectancy_months": months(12),
    "combined_procedure": NO,
    "surgery_fit": YES,
    "whole_spine_mri": YES,
    "contiguous_1_to_3_vertebrae": YES,
}


def test_surgery_is_indicated_only_with_an_indication_and_every_condition() -> None:
    assert surgery_indicated(facts(**ALL_MET)) is True
    assert surgery_indicated(facts(**{**ALL_MET, "surgery_fit": NO})) is False
    assert surgery_indicated(facts(**{**ALL_MET, "surgery_fit": UNKNOWN})) is None
    assert surgery_conditions_met(facts(**{**ALL_MET, "spine_unstable": NO})) is None
