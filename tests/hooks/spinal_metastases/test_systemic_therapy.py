"""Chemotherapy / antihormonal therapy (SM-CH01/02): each trigger, the > 3 months branch, unknowns."""

from __future__ import annotations

from typing import Any

import pytest

from hooks.rules import decide
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.systemic_therapy import SYSTEMIC_THERAPY
from tests.hooks.spinal_metastases.cases import NO, YES, facts, months

DEFICIT: dict[str, Any] = {
    "life_expectancy_months": months(6),
    "neurological_deficit": YES,
    "mescc_radiological": YES,
    "systemic_sensitive_tumour": YES,
    "pain_from_metastases": NO,
}

CASES = [
    pytest.param(
        facts(**DEFICIT, rapid_chemo_effect_expected=YES), "SM-CH02", id="myeloma-rapid-effect"
    ),
    pytest.param(
        facts(**DEFICIT, rapid_chemo_effect_expected=NO, vital_chemo_indication=YES),
        "SM-CH02",
        id="vital-indication",
    ),
    pytest.param(
        facts(
            **DEFICIT,
            rapid_chemo_effect_expected=NO,
            vital_chemo_indication=NO,
            rt_adequate_dose_possible=NO,
            surgery_fit=NO,
        ),
        "SM-CH02",
        id="no-radiotherapy-or-surgery-options",
    ),
    pytest.param(
        facts(
            life_expectancy_months=months(6),
            neurological_deficit=NO,
            pain_from_metastases=YES,
            systemic_sensitive_tumour=YES,
        ),
        "SM-CH01",
        id="pain-sensitive-tumour",
    ),
    pytest.param(
        facts(
            life_expectancy_months=months(2),
            neurological_deficit=NO,
            pain_from_metastases=YES,
            systemic_sensitive_tumour=YES,
        ),
        None,
        id="short-life-expectancy-branch-has-no-systemic-rule",
    ),
    pytest.param(
        facts(
            **{**DEFICIT, "systemic_sensitive_tumour": NO},
            rapid_chemo_effect_expected=YES,
        ),
        None,
        id="insensitive-tumour",
    ),
]
TESTED_ROWS = {case.values[1] for case in CASES} - {None}


@pytest.mark.parametrize(("case", "expected"), CASES)
def test_systemic_therapy(case: SpineFacts, expected: str | None) -> None:
    decision = decide(SYSTEMIC_THERAPY, case)
    assert (decision.row.id if decision.row else None) == expected
    assert decision.undecided == ()


def test_sensitivity_unknown_is_undecided() -> None:
    case = facts(**{**DEFICIT, "systemic_sensitive_tumour": facts().systemic_sensitive_tumour})
    decision = decide(SYSTEMIC_THERAPY, case)
    assert decision.row is None
    assert [r.id for r in decision.undecided] == ["SM-CH02"]
