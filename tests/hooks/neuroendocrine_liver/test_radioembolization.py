"""One case per NET-* row, a check that no row lacks one, and unknown-fact branches."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from hooks.common.options import OptionTable, assess
from hooks.facts import Fact
from hooks.neuroendocrine_liver.facts import NetFacts
from hooks.neuroendocrine_liver.radioembolization import (
    LIVER_DIRECTED,
    RADIOEMBOLIZATION,
    TABLES,
)
from hooks.rules import DecisionTable, decide

BASE = NetFacts(
    net=Fact(True), liver_metastases=Fact(True), functioning=Fact(), lutetium_dotatate=Fact(False)
)


def facts(**changes: Any) -> NetFacts:
    return replace(BASE, **changes)


CASES = [
    pytest.param(LIVER_DIRECTED, facts(), "NET-01", id="net-liver-metastases"),
    pytest.param(RADIOEMBOLIZATION, facts(), "NET-03", id="radioembolization-results"),
    pytest.param(RADIOEMBOLIZATION, facts(functioning=Fact(True)), "NET-02", id="functioning"),
    pytest.param(
        RADIOEMBOLIZATION, facts(lutetium_dotatate=Fact(True)), "NET-04", id="on-lutetium"
    ),
]

TESTED_ROWS = {case.values[2] for case in CASES}


@pytest.mark.parametrize(("table", "case", "expected_row"), CASES)
def test_row_holds(table: DecisionTable[NetFacts], case: NetFacts, expected_row: str) -> None:
    if isinstance(table, OptionTable):
        assert {a.row.id: a.holds for a in assess(table, case)}[expected_row] is True
    else:
        decision = decide(table, case)
        assert decision.row is not None
        assert decision.row.id == expected_row


def test_every_row_has_a_case() -> None:
    assert {case.values[2] for case in CASES} == {row.id for t in TABLES for row in t.rows}


def test_functioning_unknown_is_undecided_and_no_lutetium_is_false() -> None:
    holds = {a.row.id: a.holds for a in assess(RADIOEMBOLIZATION, facts())}
    assert holds == {"NET-03": True, "NET-02": None, "NET-04": False}


@pytest.mark.parametrize("missing", ["net", "liver_metastases"])
def test_no_net_or_no_liver_metastases_no_row_holds(missing: str) -> None:
    case = facts(**{missing: Fact()})
    assert decide(LIVER_DIRECTED, case).row is None
    assert not any(a.holds for a in assess(RADIOEMBOLIZATION, case))
