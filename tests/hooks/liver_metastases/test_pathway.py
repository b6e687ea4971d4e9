"""One case per LM-* row, a check that no row lacks one, and the unknown-fact branches."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from hooks.common.options import OptionTable, assess
from hooks.facts import Fact
from hooks.liver_metastases.facts import LiverFacts, follow_up_end
from hooks.liver_metastases.pathway import (
    AFTER_TREATMENT,
    AFTER_TREATMENT_SUPPORT,
    REFERRAL,
    REFERRAL_CONTENT,
    RISK,
    TABLES,
    TREATMENT_OPTIONS,
)
from hooks.rules import DecisionTable, decide
from tests.hooks.common.support import NOW

BASE = LiverFacts(
    now=NOW,
    liver_metastases=Fact(True),
    liver_metastases_history=Fact(True),
    resectable=Fact(True),
    chemotherapy_given=Fact(False),
    disease_worsened=Fact(False),
    risk_primary=Fact(True),
    complaints=Fact(False),
    warning_signs=Fact(False),
)
TREATED = {"liver_treatment": Fact(date(2026, 3, 10))}


def facts(**changes: Any) -> LiverFacts:
    return replace(BASE, **changes)


CASES = [
    pytest.param(REFERRAL, facts(), "LM-03", id="liver-metastases-refer"),
    pytest.param(REFERRAL_CONTENT, facts(), "LM-04", id="referral-checklist"),
    pytest.param(REFERRAL_CONTENT, facts(), "LM-05", id="work-up"),
    pytest.param(REFERRAL_CONTENT, facts(), "LM-12", id="mdt-shared-decision"),
    pytest.param(TREATMENT_OPTIONS, facts(), "LM-06", id="resectable-surgery"),
    pytest.param(TREATMENT_OPTIONS, facts(resectable=Fact(False)), "LM-07", id="shrink-first"),
    pytest.param(
        TREATMENT_OPTIONS, facts(resectable=Fact(False)), "LM-08", id="chemo-not-resectable"
    ),
    pytest.param(TREATMENT_OPTIONS, facts(resectable=Fact(False)), "LM-09", id="ablation"),
    pytest.param(TREATMENT_OPTIONS, facts(), "LM-10", id="stereotactic-rt"),
    pytest.param(
        TREATMENT_OPTIONS,
        facts(chemotherapy_given=Fact(True), disease_worsened=Fact(True)),
        "LM-11",
        id="radioembolization-after-chemo-without-effect",
    ),
    pytest.param(AFTER_TREATMENT, facts(**TREATED), "LM-13", id="follow-up"),
    pytest.param(
        AFTER_TREATMENT, facts(**TREATED, warning_signs=Fact(True)), "LM-14", id="warning-signs"
    ),
    pytest.param(AFTER_TREATMENT_SUPPORT, facts(**TREATED), "LM-15", id="social-work"),
    pytest.param(RISK, facts(), "LM-01", id="cancer-at-risk"),
    pytest.param(RISK, facts(complaints=Fact(True)), "LM-02", id="cancer-at-risk-complaints"),
]

TESTED_ROWS = {case.values[2] for case in CASES}


@pytest.mark.parametrize(("table", "case", "expected_row"), CASES)
def test_row_holds(table: DecisionTable[LiverFacts], case: LiverFacts, expected_row: str) -> None:
    if isinstance(table, OptionTable):
        assert {a.row.id: a.holds for a in assess(table, case)}[expected_row] is True
    else:
        decision = decide(table, case)
        assert decision.row is not None
        assert decision.row.id == expected_row


def test_every_row_has_a_case() -> None:
    assert {case.values[2] for case in CASES} == {row.id for t in TABLES for row in t.rows}


def test_resectability_unknown_leaves_surgical_options_open_and_radioembolization_too() -> None:
    holds = {a.row.id: a.holds for a in assess(TREATMENT_OPTIONS, facts(resectable=Fact()))}
    assert holds == {
        "LM-06": None,
        "LM-07": None,
        "LM-08": None,
        "LM-09": None,
        "LM-10": True,
        "LM-11": None,
    }


def test_resectable_rules_out_the_not_resectable_options() -> None:
    holds = {a.row.id: a.holds for a in assess(TREATMENT_OPTIONS, facts())}
    assert holds == {
        "LM-06": True,
        "LM-07": False,
        "LM-08": False,
        "LM-09": False,
        "LM-10": True,
        "LM-11": False,
    }


def test_follow_up_ends_two_calendar_years_after_treatment() -> None:
    assert follow_up_end(date(2026, 3, 10)) == date(2028, 3, 10)
    assert follow_up_end(date(2024, 2, 29)) == date(2026, 2, 28)
    in_period = facts(liver_treatment=Fact(date(2024, 11, 23)))
    assert in_period.treated_within_follow_up is True  # last day of the period
    over = facts(liver_treatment=Fact(date(2024, 11, 22)))
    assert over.treated_within_follow_up is False
    assert decide(AFTER_TREATMENT, over).row is None


def test_treatment_without_known_liver_metastases_is_undecided() -> None:
    case = facts(**TREATED, liver_metastases_history=Fact(), warning_signs=Fact())
    decision = decide(AFTER_TREATMENT, case)
    assert decision.row is None
    assert [r.id for r in decision.undecided] == ["LM-14", "LM-13"]


def test_unknown_warning_signs_fall_to_routine_follow_up() -> None:
    decision = decide(AFTER_TREATMENT, facts(**TREATED, warning_signs=Fact()))
    assert decision.row is not None
    assert decision.row.id == "LM-13"
    assert [r.id for r in decision.undecided] == ["LM-14"]
