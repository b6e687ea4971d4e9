"""The input contract as FHIR: our CodeSystem and the intake Questionnaire, built for a canonical base."""

from __future__ import annotations

from typing import Any

from hooks.input_contract.facts import FACTS
from hooks.input_contract.model import CODE_SYSTEM_ID, QUESTIONNAIRE_ID


def code_system_url(canonical_base: str) -> str:
    return f"{canonical_base}/CodeSystem/{CODE_SYSTEM_ID}"


def code_system(canonical_base: str) -> dict[str, Any]:
    """The local CodeSystem of the facts above and their local answer codes."""
    concepts: list[dict[str, Any]] = [
        {
            "code": f.code,
            "display": f.question_en,
            "designation": [{"language": "nl", "value": f.question_nl}],
        }
        for f in FACTS
    ]
    local_answers = {a.code: a for f in FACTS for a in f.answers if a.system is None}
    concepts += [
        {
            "code": a.code,
            "display": a.display_en,
            "designation": [{"language": "nl", "value": a.display_nl}],
        }
        for a in local_answers.values()
    ]
    return {
        "resourceType": "CodeSystem",
        "id": CODE_SYSTEM_ID,
        "url": code_system_url(canonical_base),
        "name": "MetastasisCdsInput",
        "title": "Facts the metastasis guidelines need that have no standard code",
        "status": "active",
        "content": "complete",
        "caseSensitive": True,
        "concept": concepts,
    }


def questionnaire(canonical_base: str) -> dict[str, Any]:
    """The intake Questionnaire: one item per fact, each answer extractable as an Observation."""
    system = code_system_url(canonical_base)
    items = []
    for fact in FACTS:
        item: dict[str, Any] = {
            "linkId": fact.code,
            "text": fact.question_nl,
            "type": fact.answer_type,  # R4 item types: boolean, choice, dateTime, integer, quantity
            "code": [{"system": system, "code": fact.code, "display": fact.question_en}],
            "extension": [
                {
                    "url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract",
                    "valueBoolean": True,
                }
            ],
        }
        if fact.answers:
            item["answerOption"] = [
                {
                    "valueCoding": {
                        "system": a.system or system,
                        "code": a.code,
                        "display": a.display_nl,
                    }
                }
                for a in fact.answers
            ]
        if fact.unit:
            item["extension"].append(
                {
                    "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-unit",
                    "valueCoding": {"system": "http://unitsofmeasure.org", "code": fact.unit},
                }
            )
        items.append(item)
    return {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "url": f"{canonical_base}/Questionnaire/{QUESTIONNAIRE_ID}",
        "name": "SpinalMetastasesIntake",
        "title": "Intake wervelmetastasen: gegevens zonder standaardcode",
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    }


def questionnaire_url(canonical_base: str) -> str:
    return f"{canonical_base}/Questionnaire/{QUESTIONNAIRE_ID}"
