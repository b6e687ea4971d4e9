"""Follow-up rules SM-FU01/02/04/05 with positive, negative and unknown cases."""

from __future__ import annotations

import pytest

from hooks.rules import DecisionTable, decide
from hooks.spinal_metastases.follow_up.rules import (
    FOLLOW_UP_IMAGING,
    GP_AND_COORDINATOR,
    LEAFLET,
    MOBILISATION,
)
from hooks.spinal_metastases.reading.facts import SpineFacts
from tests.hooks.spinal_metastases.cases import NO, YES, facts

NO_COMPLAINTS = {"pain_from_metastases": NO, "neurological_deficit": NO}
CASES = [
    pytest.param(
        FOLLOW_UP_IMAGING,
        facts(radiotherapy_completed=YES, systemic_therapy_active=NO, **NO_COMPLAINTS),
        "SM-FU01",
        id="after-rt-no-complaints-no-systemic-therapy",
    ),
    pytest.param(
        FOLLOW_UP_IMAGING,
        facts(
            radiotherapy_completed=YES,
            systemic_therapy_active=NO,
            pain_from_metastases=YES,
            neurological_deficit=NO,
        ),
        None,
        id="pain-imaging-indicated",
    ),
    pytest.param(
        FOLLOW_UP_IMAGING,
        facts(post_operative=YES, systemic_therapy_active=YES, **NO_COMPLAINTS),
        None,
        id="evaluate-systemic-therapy",
    ),
    pytest.param(MOBILISATION, facts(post_operative=YES), "SM-FU02", id="mobilise-after-surgery"),
    pytest.param(
        MOBILISATION,
        facts(radiotherapy_completed=NO, post_operative=NO),
        None,
        id="not-treated-yet",
    ),
    pytest.param(
        LEAFLET,
        facts(spinal_metastasis_proven=YES, leaflet_given=NO),
        "SM-FU04",
        id="proven-give-leaflet",
    ),
    pytest.param(
        LEAFLET,
        facts(spinal_metastasis_proven=YES, leaflet_given=YES),
        None,
        id="leaflet-already-given",
    ),
    pytest.param(
        GP_AND_COORDINATOR,
        facts(gp_informed=NO, coordinating_physician_known=YES),
        "SM-FU05",
        id="gp-not-informed",
    ),
    pytest.param(
        GP_AND_COORDINATOR,
        facts(gp_informed=YES, coordinating_physician_known=YES),
        None,
        id="gp-informed-coordinator-clear",
    ),
]
TESTED_ROWS = {case.values[2] for case in CASES} - {None}


@pytest.mark.parametrize(("table", "case", "expected"), CASES)
def test_follow_up(
    table: DecisionTable[SpineFacts], case: SpineFacts, expected: str | None
) -> None:
    decision = decide(table, case)
    assert (decision.row.id if decision.row else None) == expected
    assert decision.undecided == ()


def test_complaints_unknown_after_treatment_is_undecided() -> None:
    decision = decide(
        FOLLOW_UP_IMAGING, facts(radiotherapy_completed=YES, systemic_therapy_active=NO)
    )
    assert decision.row is None
    assert decision.undecided == FOLLOW_UP_IMAGING.rows
