"""One case per radiotherapy row (SM-RT01–RT05, RT07–RT09), the boundaries, and unknown facts."""

from __future__ import annotations

import pytest

from hooks.facts import Fact
from hooks.rules import DecisionTable, decide
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.radiotherapy import (
    FIRST_COURSE_SCHEME,
    POSTOPERATIVE_INTERVAL,
    POSTOPERATIVE_SCHEME,
    REIRRADIATION,
)
from tests.hooks.spinal_metastases.cases import NO, UNKNOWN, YES, days_ago, facts, months

GOOD, MODERATE = Fact("good"), Fact("moderate")
PAIN_ONLY = {"pain_from_metastases": YES, "neurological_deficit": NO}
DEFICIT = {"neurological_deficit": YES, "pain_from_metastases": YES}

CASES = [
    pytest.param(
        FIRST_COURSE_SCHEME,
        facts(**PAIN_ONLY, oligometastatic=NO),
        "SM-RT01",
        id="pain-8gy-single-fraction",
    ),
    pytest.param(
        FIRST_COURSE_SCHEME,
        facts(**PAIN_ONLY, oligometastatic=NO, life_expectancy_months=months(24)),
        "SM-RT01",
        id="pain-8gy-regardless-of-life-expectancy",
    ),
    pytest.param(
        FIRST_COURSE_SCHEME,
        facts(**PAIN_ONLY, oligometastatic=YES),
        "SM-RT02",
        id="pain-oligometastases-30-39gy-or-sbrt",
    ),
    pytest.param(
        FIRST_COURSE_SCHEME,
        facts(**DEFICIT, general_condition=MODERATE, life_expectancy_months=months(24)),
        "SM-RT03",
        id="deficit-moderate-condition-8gy",
    ),
    pytest.param(
        FIRST_COURSE_SCHEME,
        facts(**DEFICIT, general_condition=GOOD, life_expectancy_months=months(6)),
        "SM-RT03",
        id="deficit-under-1-year-8gy",
    ),
    pytest.param(
        FIRST_COURSE_SCHEME,
        facts(**DEFICIT, life_expectancy_months=months(6)),
        "SM-RT03",
        id="deficit-under-1-year-condition-unknown-still-8gy",
    ),
    pytest.param(
        FIRST_COURSE_SCHEME,
        facts(**DEFICIT, general_condition=GOOD, life_expectancy_months=months(12)),
        "SM-RT04",
        id="deficit-good-condition-exactly-1-year-30gy",
    ),
    pytest.param(
        FIRST_COURSE_SCHEME,
        facts(pain_from_metastases=NO, neurological_deficit=NO),
        None,
        id="no-pain-no-deficit-no-scheme",
    ),
    pytest.param(REIRRADIATION, facts(symptoms_returned_after_rt=YES), "SM-RT05", id="reirradiate"),
    pytest.param(REIRRADIATION, facts(symptoms_returned_after_rt=NO), None, id="no-return"),
    pytest.param(
        REIRRADIATION,
        facts(symptoms_returned_after_rt=NO, earlier_radiotherapy=YES),
        None,
        id="earlier-course-no-return",
    ),
    pytest.param(
        POSTOPERATIVE_SCHEME,
        facts(post_operative=YES, life_expectancy_months=months(8), oligometastatic=NO),
        "SM-RT07",
        id="postop-under-1-year-20gy-5fx",
    ),
    pytest.param(
        POSTOPERATIVE_SCHEME,
        facts(post_operative=YES, life_expectancy_months=months(18), oligometastatic=NO),
        "SM-RT08",
        id="postop-over-1-year-30-39gy",
    ),
    pytest.param(
        POSTOPERATIVE_SCHEME,
        facts(post_operative=YES, life_expectancy_months=months(8), oligometastatic=YES),
        "SM-RT08",
        id="postop-oligometastases-30-39gy-even-under-1-year",
    ),
    pytest.param(
        POSTOPERATIVE_SCHEME,
        facts(post_operative=NO, life_expectancy_months=months(8), oligometastatic=NO),
        None,
        id="not-operated-no-postop-scheme",
    ),
    pytest.param(
        POSTOPERATIVE_INTERVAL,
        facts(post_operative=YES, spine_surgery_date=days_ago(10)),
        "SM-RT09",
        id="operated-interval",
    ),
    pytest.param(POSTOPERATIVE_INTERVAL, facts(post_operative=NO), None, id="not-operated"),
]
TESTED_ROWS = {case.values[2] for case in CASES} - {None}


@pytest.mark.parametrize(("table", "case", "expected"), CASES)
def test_radiotherapy_decision(
    table: DecisionTable[SpineFacts], case: SpineFacts, expected: str | None
) -> None:
    decision = decide(table, case)
    assert (decision.row.id if decision.row else None) == expected
    assert decision.undecided == ()


def test_deficit_decides_before_pain() -> None:
    case = facts(**DEFICIT, oligometastatic=YES, general_condition=MODERATE)
    assert decide(FIRST_COURSE_SCHEME, case).row is FIRST_COURSE_SCHEME.row("SM-RT03")


@pytest.mark.parametrize(
    ("case", "winner", "undecided"),
    [
        pytest.param(
            facts(**DEFICIT),
            None,
            ("SM-RT04", "SM-RT03", "SM-RT02", "SM-RT01"),
            id="condition-and-life-expectancy-unknown-every-scheme",
        ),
        pytest.param(
            facts(**DEFICIT, general_condition=GOOD),
            None,
            ("SM-RT04", "SM-RT03", "SM-RT02", "SM-RT01"),
            id="good-condition-life-expectancy-unknown",
        ),
        pytest.param(
            facts(pain_from_metastases=YES, neurological_deficit=UNKNOWN, oligometastatic=NO),
            "SM-RT01",
            ("SM-RT04", "SM-RT03"),
            id="deficit-unknown-pain-scheme-with-branches-above",
        ),
    ],
)
def test_unknown_facts_show_every_scheme_with_its_criterion(
    case: SpineFacts, winner: str | None, undecided: tuple[str, ...]
) -> None:
    decision = decide(FIRST_COURSE_SCHEME, case)
    assert (decision.row.id if decision.row else None) == winner
    assert tuple(row.id for row in decision.undecided) == undecided


def test_postoperative_scheme_unknown_without_life_expectancy() -> None:
    decision = decide(POSTOPERATIVE_SCHEME, facts(post_operative=YES, oligometastatic=NO))
    assert decision.row is None
    assert [row.id for row in decision.undecided] == ["SM-RT08", "SM-RT07"]


def test_an_earlier_course_alone_is_no_second_course_but_the_question() -> None:
    """Only a recorded or answered return of symptoms makes SM-RT05 hold; a course asks it."""
    decision = decide(REIRRADIATION, facts(earlier_radiotherapy=YES))
    assert decision.row is None
    assert [row.id for row in decision.undecided] == ["SM-RT05"]
    assert "earlier_radiotherapy" in REIRRADIATION.row("SM-RT05").facts
