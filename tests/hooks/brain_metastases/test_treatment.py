"""One case per BM-* row, a check that no row lacks one, and the unknown-fact branches."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from hooks.brain_metastases.facts import BrainFacts
from hooks.brain_metastases.treatment import (
    DEXAMETHASONE,
    SYSTEMIC_CHOICE,
    SYSTEMIC_OPTIONS,
    TABLES,
    TREATMENT_DECISION,
    weighing_facts,
)
from hooks.common.options import assess
from hooks.facts import Fact
from hooks.rules import DecisionTable, decide

KNOWN = BrainFacts(
    brain_metastases=Fact(True),
    symptomatic=Fact(False),
    melanoma=Fact(False),
    nsclc=Fact(False),
    braf_mutation=Fact(False),
    her2_positive=Fact(False),
    molecular_result=Fact(True),
    driver_variant=Fact(False),
)


def facts(**changes: Any) -> BrainFacts:
    return replace(KNOWN, **changes)


CASES = [
    pytest.param(TREATMENT_DECISION, facts(), "BM-01", id="brain-metastases"),
    pytest.param(DEXAMETHASONE, facts(symptomatic=Fact(True)), "BM-02", id="symptomatic"),
    pytest.param(
        SYSTEMIC_OPTIONS,
        facts(melanoma=Fact(True), braf_mutation=Fact(True)),
        "BM-03",
        id="braf-mutated-melanoma",
    ),
    pytest.param(SYSTEMIC_OPTIONS, facts(nsclc=Fact(True)), "BM-04", id="nsclc"),
    pytest.param(SYSTEMIC_OPTIONS, facts(her2_positive=Fact(True)), "BM-05", id="her2-positive"),
    pytest.param(
        SYSTEMIC_CHOICE,
        facts(melanoma=Fact(True), braf_mutation=Fact(True)),
        "BM-06",
        id="targeted-and-checkpoint-both-in-question",
    ),
    pytest.param(
        SYSTEMIC_CHOICE,
        facts(nsclc=Fact(True), driver_variant=Fact(True)),
        "BM-06",
        id="nsclc-with-a-variant-recorded-present",
    ),
    pytest.param(
        SYSTEMIC_CHOICE, facts(molecular_result=Fact()), "BM-07", id="no-molecular-result"
    ),
]

TESTED_ROWS = {case.values[2] for case in CASES}


@pytest.mark.parametrize(("table", "case", "expected_row"), CASES)
def test_row_holds(table: DecisionTable[BrainFacts], case: BrainFacts, expected_row: str) -> None:
    if table is SYSTEMIC_OPTIONS:
        holding = [a.row.id for a in assess(table, case) if a.holds]
        assert holding == [expected_row]
    else:
        decision = decide(table, case)
        assert decision.row is not None
        assert decision.row.id == expected_row
        assert decision.undecided == ()


def test_every_row_has_a_case() -> None:
    assert {case.values[2] for case in CASES} == {row.id for t in TABLES for row in t.rows}


def test_no_brain_metastases_no_row_holds() -> None:
    none = facts(brain_metastases=Fact())
    for table in TABLES:
        assert all(not a.holds for a in assess(table, none))


def test_recorded_other_primary_rules_out_melanoma_and_nsclc_options() -> None:
    assert [a.holds for a in assess(SYSTEMIC_OPTIONS, facts())] == [False, False, False]


def test_unknown_molecular_facts_leave_options_undecided_not_false() -> None:
    case = facts(melanoma=Fact(True), braf_mutation=Fact(), her2_positive=Fact())
    holds = {a.row.id: a.holds for a in assess(SYSTEMIC_OPTIONS, case)}
    assert holds == {"BM-03": None, "BM-04": False, "BM-05": None}
    choice = decide(SYSTEMIC_CHOICE, replace(case, molecular_result=Fact()))
    assert choice.row is not None
    assert choice.row.id == "BM-07"
    assert [r.id for r in choice.undecided] == ["BM-06"]


def test_symptomatic_unknown_leaves_dexamethasone_undecided() -> None:
    decision = decide(DEXAMETHASONE, facts(symptomatic=Fact()))
    assert decision.row is None
    assert [r.id for r in decision.undecided] == ["BM-02"]


def test_a_molecular_result_means_the_profile_is_not_unknown() -> None:
    decision = decide(SYSTEMIC_CHOICE, facts())
    assert decision.row is None
    assert decision.undecided == ()


def test_a_recorded_variant_in_nsclc_leaves_bm04_as_it_is() -> None:
    case = facts(nsclc=Fact(True), driver_variant=Fact(True))
    assert [a.row.id for a in assess(SYSTEMIC_OPTIONS, case) if a.holds] == ["BM-04"]
    assert [a.holds for a in assess(SYSTEMIC_OPTIONS, case)] == [
        a.holds for a in assess(SYSTEMIC_OPTIONS, facts(nsclc=Fact(True)))
    ]


def test_absent_variants_in_nsclc_bring_no_weighing_and_unknown_ones_leave_it_open() -> None:
    absent = decide(SYSTEMIC_CHOICE, facts(nsclc=Fact(True), driver_variant=Fact(False)))
    assert (absent.row, absent.undecided) == (None, ())
    open_ = decide(SYSTEMIC_CHOICE, facts(nsclc=Fact(True), driver_variant=Fact()))
    assert open_.row is None
    assert [r.id for r in open_.undecided] == ["BM-06"]


def test_a_variant_outside_nsclc_and_melanoma_brings_no_weighing() -> None:
    decision = decide(SYSTEMIC_CHOICE, facts(driver_variant=Fact(True)))
    assert (decision.row, decision.undecided) == (None, ())


def test_bm06_shows_the_facts_of_the_branch_it_rests_on() -> None:
    melanoma = facts(melanoma=Fact(True), braf_mutation=Fact(True))
    assert weighing_facts(melanoma) == ("brain_metastases", "melanoma", "braf_mutation")
    nsclc = facts(nsclc=Fact(True), driver_variant=Fact(True))
    assert weighing_facts(nsclc) == ("brain_metastases", "nsclc", "driver_variant")
    undecided = facts(nsclc=Fact(True), driver_variant=Fact())
    assert weighing_facts(undecided) == ("brain_metastases", "nsclc", "driver_variant")
    assert set(weighing_facts(facts())) == set(SYSTEMIC_CHOICE.row("BM-06").facts)
