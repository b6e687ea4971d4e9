"""Answers that close branches (docs/input-contract.md, "Answers that close branches")."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fixtures.build import SCT, answer, condition
from hooks.facts import Fact
from hooks.input_contract import FACTS_BY_CODE
from hooks.rules import decide
from hooks.spinal_metastases.diagnosis.mri_urgency import MRI_EXCEPTION
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from hooks.spinal_metastases.treatment.corticosteroids import GastricPredicate
from tests.hooks.spinal_metastases.cases import call_with

P = "pat-facts"
TODAY = "2026-11-23T09:30:00+01:00"
CANCER = condition("ca", P, [(SCT, "254837009", "Malignant neoplasm of breast")])


def _answer(code: str, value: bool) -> dict[str, Any]:
    return answer(f"ans-{code}", P, code, TODAY, {"valueBoolean": value})


def test_the_new_items_are_in_the_input_contract() -> None:
    assert FACTS_BY_CODE["no-neurological-deficit"].lifetime == "neuro"
    assert FACTS_BY_CODE["gastric-ulcer-history"].lifetime == "assessment"


def test_no_neurological_deficit_sets_deficit_and_asia_absent_not_pain() -> None:
    facts = read_facts(
        call_with([CANCER], [_answer("no-neurological-deficit", True)]), SpinePolicy()
    )
    assert facts.radicular_deficit.value == "absent"
    assert facts.asia_grade.value == "asia-e"
    assert facts.neurological_deficit.value is False
    assert facts.radicular_pain.value is None  # radicular pain stays as recorded
    assert facts.lhermitte_sign.value is None
    assert facts.mescc_clinical_suspicion.value is None
    assert decide(MRI_EXCEPTION, facts).row is None  # never the ASIA-A exception


def test_an_explicit_deficit_answer_outranks_the_closing_answer() -> None:
    observations = [
        _answer("no-neurological-deficit", True),
        answer(
            "ans-rd",
            P,
            "radicular-deficit",
            TODAY,
            {"valueCodeableConcept": {"coding": [{"system": SCT, "code": "7771000"}]}},
        ),
    ]
    facts = read_facts(call_with([CANCER], observations), SpinePolicy())
    assert facts.radicular_deficit.value == "unilateral"


def test_an_ulcer_history_answered_no_lets_sm_cs03_be_decided() -> None:
    unanswered = read_facts(call_with([CANCER]), SpinePolicy())
    assert unanswered.gastric_ulcer_history.value is None
    answered = read_facts(
        call_with([CANCER], [_answer("gastric-ulcer-history", False)]), SpinePolicy()
    )
    assert answered.gastric_ulcer_history.value is False
    assert (
        answered.gastric_ulcer_history.evidence[0].reference
        == "Observation/ans-gastric-ulcer-history"
    )
    # SM-CS03's risk factors are now all decidable: no ulcer, no NSAID, no anticoagulant.
    decided = replace(
        answered,
        nsaid_use=Fact(False),
        anticoagulant_use=Fact(False),
        platelet_inhibitor_use=Fact(False),
    )
    assert GastricPredicate(SpinePolicy())(decided) is False
    assert GastricPredicate(SpinePolicy())(unanswered) is None


def test_a_recorded_ulcer_is_not_undone_by_a_questionnaire_no() -> None:
    ulcer = condition("ulcer", P, [(SCT, "397825006", "Gastric ulcer")], clinical="resolved")
    facts = read_facts(
        call_with([CANCER, ulcer], [_answer("gastric-ulcer-history", False)]), SpinePolicy()
    )
    assert facts.gastric_ulcer_history.value is True
