"""A card's answer as FHIR: the input-contract Observations a chosen suggestion asserts.

A question card (which complaint decides the MRI window?) is answered by a click. For an EHR
whose build accepts it (the issuer setting `records_answers`, off by default) the suggestion
also creates one Observation per input-contract item its branch asserts, so the next call reads
the answer instead of asking again. Only what the branch asserts exactly is created: "eenzijdige
uitval, < 7 dagen" says one side (not which) and that it is progressive, but no onset date, so
no `deficit-onset` is invented; the questionnaire still records that.

Each Observation is checked against FHIR R4 (R4B) before it leaves, like every resource we send.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hooks.common.suggest import patient_reference, requester_reference
from hooks.input_contract import FACTS_BY_CODE, Answer, code_system_url
from hooks.resources import checked
from service.cds.contract import HookCall
from service.cds.models import Action

_SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}

# (input-contract code, answer): True/False for a yes/no item, an answer code for a choice.
Assertion = tuple[str, bool | str]


def _choice(code: str, answer: bool | str) -> Answer:
    """The contract's answer `answer` of the choice item `code` (a ValueError is our bug)."""
    fact = FACTS_BY_CODE[code]
    chosen = next((a for a in fact.answers if a.code == answer), None)
    if fact.answer_type != "choice" or chosen is None:
        raise ValueError(f"{code} has no answer {answer!r}")
    return chosen


def _value(call: HookCall, code: str, answer: bool | str) -> dict[str, Any]:
    if FACTS_BY_CODE[code].answer_type == "boolean":
        if not isinstance(answer, bool):
            raise ValueError(f"{code} is a yes/no item, not {answer!r}")
        return {"valueBoolean": answer}
    chosen = _choice(code, answer)
    system = chosen.system or code_system_url(call.canonical_base)
    display = chosen.display_nl if call.language == "nl" else chosen.display_en
    return {
        "valueCodeableConcept": {
            "coding": [{"system": system, "code": chosen.code, "display": display}]
        }
    }


def answer_observation(call: HookCall, code: str, answer: bool | str) -> dict[str, Any]:
    """One input-contract Observation: our code, the patient, now, the clinician, the answer."""
    fact = FACTS_BY_CODE[code]
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [_SURVEY],
        "code": {
            "coding": [
                {
                    "system": code_system_url(call.canonical_base),
                    "code": code,
                    "display": fact.question_nl if call.language == "nl" else fact.question_en,
                }
            ]
        },
        "subject": patient_reference(call),
        "effectiveDateTime": call.now.isoformat(),
        **_value(call, code, answer),
    }
    performer = requester_reference(call)
    if performer is not None:
        resource["performer"] = [performer]
    return checked(resource)


def answer_actions(call: HookCall, assertions: Sequence[Assertion]) -> tuple[Action, ...]:
    """`create` actions for the assertions, or none when the caller's EHR does not accept them."""
    if not call.records_answers:
        return ()
    return tuple(
        Action(
            type="create",
            description=(
                f"Leg vast: {FACTS_BY_CODE[code].question_nl} → {_said(code, answer, 'nl')}"
                if call.language == "nl"
                else f"Record: {FACTS_BY_CODE[code].question_en} → {_said(code, answer, 'en')}"
            ),
            resource=answer_observation(call, code, answer),
        )
        for code, answer in assertions
    )


def _said(code: str, answer: bool | str, language: str) -> str:
    """The answer as the clinician reads it: ja/nee, or the answer's display."""
    if isinstance(answer, bool):
        return ("ja" if answer else "nee") if language == "nl" else ("yes" if answer else "no")
    chosen = _choice(code, answer)
    return chosen.display_nl if language == "nl" else chosen.display_en
