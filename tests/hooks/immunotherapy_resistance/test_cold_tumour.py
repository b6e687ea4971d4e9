"""One case per IO-* row, a check that no row lacks one; any one marker suffices."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from hooks.facts import Fact
from hooks.immunotherapy_resistance.cold_tumour import (
    COLD_TUMOUR,
    RADIOTHERAPY_BEFORE_PD1,
    TABLES,
)
from hooks.immunotherapy_resistance.facts import ImmunotherapyFacts
from hooks.rules import DecisionTable, decide

HOT = ImmunotherapyFacts(
    nsclc=Fact(True),
    low_tmb=Fact(False),
    pdl1_absent=Fact(False),
    wnt_mutation=Fact(False),
    pd1=Fact(True),
)


def facts(**changes: Any) -> ImmunotherapyFacts:
    return replace(HOT, **changes)


CASES = [
    pytest.param(COLD_TUMOUR, facts(low_tmb=Fact(True)), "IO-01", id="low-tmb"),
    pytest.param(COLD_TUMOUR, facts(pdl1_absent=Fact(True)), "IO-01", id="pdl1-absent"),
    pytest.param(COLD_TUMOUR, facts(wnt_mutation=Fact(True)), "IO-01", id="wnt-mutation"),
    pytest.param(
        RADIOTHERAPY_BEFORE_PD1, facts(low_tmb=Fact(True)), "IO-02", id="cold-nsclc-on-pd1"
    ),
]

TESTED_ROWS = {case.values[2] for case in CASES}


@pytest.mark.parametrize(("table", "case", "expected_row"), CASES)
def test_row_holds(
    table: DecisionTable[ImmunotherapyFacts], case: ImmunotherapyFacts, expected_row: str
) -> None:
    decision = decide(table, case)
    assert decision.row is not None
    assert decision.row.id == expected_row


def test_every_row_has_a_case() -> None:
    assert {case.values[2] for case in CASES} == {row.id for t in TABLES for row in t.rows}


def test_hot_tumour_or_no_pd1_or_not_nsclc_is_false() -> None:
    for case in (
        HOT,
        facts(low_tmb=Fact(True), pd1=Fact(False)),
        facts(low_tmb=Fact(True), nsclc=Fact(False)),
    ):
        decision = decide(RADIOTHERAPY_BEFORE_PD1, case)
        assert decision.row is None
        assert decision.undecided == ()


def test_unknown_markers_are_undecided_not_hot() -> None:
    case = facts(low_tmb=Fact(), wnt_mutation=Fact())
    assert [r.id for r in decide(COLD_TUMOUR, case).undecided] == ["IO-01"]
    assert [r.id for r in decide(RADIOTHERAPY_BEFORE_PD1, case).undecided] == ["IO-02"]
