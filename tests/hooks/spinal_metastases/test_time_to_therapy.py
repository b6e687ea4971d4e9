"""One case per time-to-therapy row, the 72-hour gap under each local-policy choice, unknowns."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

import pytest

from hooks.facts import Fact
from hooks.rules import decide
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.time_to_therapy import TIME_TO_THERAPY
from tests.hooks.spinal_metastases.cases import NO, YES, days_ago, facts

MESCC_DEFICIT: dict[str, Any] = {
    "neurological_deficit": YES,
    "mescc_radiological": YES,
    "deficit_progressive": YES,
}

CASES = [
    pytest.param(
        facts(**MESCC_DEFICIT, deficit_onset=days_ago(3)), "SM-TT24h", id="rapid-deficit-24h"
    ),
    pytest.param(
        facts(**MESCC_DEFICIT, deficit_onset=days_ago(12), able_to_walk=YES),
        "SM-TT72h",
        id="slow-deficit-walking-72h",
    ),
    pytest.param(
        facts(mescc_radiological=YES, neurological_deficit=NO, pain_from_metastases=YES),
        "SM-TT7d",
        id="radiological-mescc-pain-7d",
    ),
    pytest.param(
        facts(
            mescc_radiological=NO,
            mescc_clinical_suspicion=NO,
            neurological_deficit=NO,
            pain_from_metastases=YES,
        ),
        "SM-TT14d",
        id="pain-without-mescc-14d",
    ),
    pytest.param(
        facts(
            mescc_radiological=NO,
            mescc_clinical_suspicion=NO,
            neurological_deficit=YES,
            pain_from_metastases=NO,
            radicular_deficit=Fact("unilateral"),
        ),
        "SM-TT14d",
        id="radicular-syndrome-without-mescc-14d",
    ),
    pytest.param(
        facts(
            mescc_radiological=NO,
            mescc_clinical_suspicion=NO,
            neurological_deficit=NO,
            pain_from_metastases=NO,
            radicular_pain=Fact("absent"),
            radicular_deficit=Fact("absent"),
        ),
        None,
        id="no-complaints-no-window",
    ),
]
TESTED_ROWS = {case.values[1] for case in CASES} - {None}


@pytest.mark.parametrize(("case", "expected"), CASES)
def test_time_to_therapy(case: SpineFacts, expected: str | None) -> None:
    decision = decide(TIME_TO_THERAPY, case)
    assert (decision.row.id if decision.row else None) == expected
    assert decision.undecided == ()


GAP = facts(**MESCC_DEFICIT, deficit_onset=days_ago(12), able_to_walk=NO)


@pytest.mark.parametrize(
    ("window", "expected", "undecided"),
    [
        pytest.param("24h", "SM-TT24h", (), id="gap-treated-as-24h-by-default"),
        pytest.param("72h", "SM-TT72h", (), id="gap-treated-as-72h"),
        pytest.param("undecided", None, ("SM-TT24h", "SM-TT72h"), id="gap-left-to-the-clinician"),
    ],
)
def test_the_72_hour_gap_is_a_local_policy_choice(
    window: Literal["24h", "72h", "undecided"], expected: str | None, undecided: tuple[str, ...]
) -> None:
    decision = decide(TIME_TO_THERAPY, replace(GAP, slow_non_ambulant_window=window))
    assert (decision.row.id if decision.row else None) == expected
    assert tuple(r.id for r in decision.undecided)[: len(undecided)] == undecided


def test_onset_unknown_leaves_the_24h_and_72h_rows_undecided() -> None:
    decision = decide(TIME_TO_THERAPY, facts(**MESCC_DEFICIT, able_to_walk=YES))
    assert [r.id for r in decision.undecided][:2] == ["SM-TT24h", "SM-TT72h"]


def test_deficit_without_mescc_is_not_a_mescc_window() -> None:
    case = facts(
        neurological_deficit=YES,
        deficit_progressive=YES,
        deficit_onset=days_ago(2),
        mescc_radiological=NO,
        mescc_clinical_suspicion=NO,
        radicular_deficit=Fact("unilateral"),
    )
    assert decide(TIME_TO_THERAPY, case).row is TIME_TO_THERAPY.row("SM-TT14d")
