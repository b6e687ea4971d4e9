"""A bone metastasis counts as spinal only with a vertebral site or a spine-specific code.

ICD-10 C79.5 (bone *and bone marrow*, no site) alone keeps the patient in scope with one
question; a coded non-vertebral site (the femur) takes the spine out of it.
"""

from __future__ import annotations

from typing import Any

from fixtures.build import ICD10NL, SCT, condition
from hooks.spinal_metastases.diagnosis.site_question import TOPIC
from hooks.spinal_metastases.patient_view import patient_view_cards
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from tests.hooks.spinal_metastases.cases import call_with

P = "pat-facts"
CANCER = condition("ca", P, [(SCT, "254837009", "Malignant neoplasm of breast")])
C79_5 = [(ICD10NL, "C79.5", "Secundaire maligne neoplasma van bot en beenmerg")]


def _bone_met(site: tuple[str, str, str] | None = None) -> dict[str, Any]:
    return condition("bone", P, C79_5, body_site=[site] if site else None)


def _cards(*conditions: dict[str, Any]) -> list[str]:
    call = call_with([CANCER, *conditions])
    policy = SpinePolicy()
    facts = read_facts(call, policy)
    return [c.source.topic.code for c in patient_view_cards(call, facts, policy) if c.source.topic]


def test_c79_5_alone_is_not_proven_spinal_and_asks_one_question() -> None:
    facts = read_facts(call_with([CANCER, _bone_met()]), SpinePolicy())
    assert facts.spinal_metastasis_suspected.value is None
    assert facts.bone_metastasis_unsited.value is True
    assert _cards(_bone_met()) == [TOPIC]


def test_c79_5_at_the_femur_is_not_spinal_and_asks_nothing() -> None:
    femur = (SCT, "71341001", "Bone structure of femur")
    facts = read_facts(call_with([CANCER, _bone_met(femur)]), SpinePolicy())
    assert facts.spinal_metastasis_suspected.value is None
    assert facts.bone_metastasis_unsited.value is None
    assert _cards(_bone_met(femur)) == []


def test_c79_5_at_a_vertebra_is_spinal() -> None:
    vertebra = (SCT, "421060004", "Structure of vertebral column")
    facts = read_facts(call_with([CANCER, _bone_met(vertebra)]), SpinePolicy())
    assert facts.spinal_metastasis_suspected.value is True
    assert TOPIC not in _cards(_bone_met(vertebra))
