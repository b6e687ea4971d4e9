"""FHIR resources we propose, built as plain JSON and checked with `fhir.resources.R4B`.

Everything we create is validated before it leaves the service (R4B is the closest to R4 that
the library offers), so an EHR never receives an invalid suggestion. We declare no
`meta.profile` we cannot validate.

A full R4B validation costs about 0.2 ms, the largest single cost of an order-sign call
(`make bench`). Most of a proposal is the same for every patient on the same guideline branch
(codes, texts, priority, dosage): `checked` validates that part in full once and remembers it,
and validates the per-call elements (the patient, encounter and requester references, the
reasons, the deadline) with their own R4B models on every call. What is sent has passed the
same R4B checks either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.reference import Reference
from fhir_core.types import StringType
from pydantic import TypeAdapter

from hooks.codes import SNOMED, UCUM, Code
from service.cds.contract import HookCall

# Elements that differ from call to call, each with the R4B model its value must fit; a list
# (reasonReference, recipient) holds Reference objects.
_PER_CALL: dict[str, Any] = {
    "subject": Reference,
    "encounter": Reference,
    "requester": Reference,
    "recipient": Reference,
    "reasonReference": Reference,
    "occurrencePeriod": Period,
}
# The call-independent parts already validated, per resource type; bounded, since a part that
# names a date (a deadline in a note) differs per call and would only ever be seen once.
_VALIDATED: set[tuple[str, bytes]] = set()
_VALIDATED_MAX = 1024


def checked(resource: dict[str, Any]) -> dict[str, Any]:
    """`resource` unchanged, once R4B accepted it; a ValueError here is our bug, not the EHR's.

    The call-independent part is validated in full the first time it is seen (together with
    this call's values); after that only this call's values are, each with its own model.
    Whatever `_PER_CALL` names is checked on every call, so no value reaches the EHR unchecked.
    """
    type_name = str(resource["resourceType"])
    # Which per-call elements are present is part of the shape: a remembered shape with a
    # `subject` says nothing of a proposal without one (R4B requires it).
    shape = {k: (True if k in _PER_CALL else v) for k, v in resource.items()}
    key = (type_name, orjson.dumps(shape, option=orjson.OPT_SORT_KEYS))
    if key not in _VALIDATED:
        get_fhir_model_class(type_name).model_validate(resource)
        if len(_VALIDATED) < _VALIDATED_MAX:
            _VALIDATED.add(key)
        return resource
    for name, model in _PER_CALL.items():
        value = resource.get(name)
        if value is None:
            continue
        for item in value if isinstance(value, list) else (value,):
            if model is Reference and _plain_reference(item):
                continue
            model.model_validate(item)
    return resource


_STRING = TypeAdapter(StringType)


def _plain_reference(item: Any) -> bool:
    """True for `{"reference": "<valid FHIR string>"}`, the only Reference shape we build.

    R4B's check of such a Reference is its `string` primitive's check on the one member; the
    same primitive type does it here for a fiftieth of the cost of building the Reference
    model. Any other shape returns False and gets the full model.
    """
    if type(item) is not dict or len(item) != 1 or type(item.get("reference")) is not str:
        return False
    _STRING.validate_python(item["reference"])
    return True


def _subject(call: HookCall) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "subject": {"reference": f"Patient/{call.request.context['patientId']}"}
    }
    encounter = call.request.context.get("encounterId")
    if isinstance(encounter, str) and encounter:
        fields["encounter"] = {"reference": f"Encounter/{encounter}"}
    user = call.request.context.get("userId")
    if isinstance(user, str) and user.split("/")[0] in {"Practitioner", "PractitionerRole"}:
        fields["requester"] = {"reference": user}
    return fields


def _concept(code: Code, text: str) -> dict[str, Any]:
    return {
        "coding": [{"system": code.system, "code": code.code, "display": code.display}],
        "text": text,
    }


def service_request(
    call: HookCall,
    code: Code,
    text: str,
    priority: str,
    note: str,
    *,
    category: Code | None = None,
    reasons: Sequence[str] = (),
    start: datetime | None = None,
    end: datetime | None = None,
    order_detail: str | None = None,
) -> dict[str, Any]:
    """A draft ServiceRequest proposal (imaging, biopsy, referral) with its deadline."""
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "proposal",
        "priority": priority,
        "code": _concept(code, text),
        **_subject(call),
        "note": [{"text": note}],
    }
    if category is not None:
        resource["category"] = [_concept(category, category.display)]
    if reasons:
        resource["reasonReference"] = [{"reference": r} for r in reasons]
    if end is not None:
        resource["occurrencePeriod"] = {
            "start": (start or call.now).isoformat(timespec="seconds"),
            "end": end.isoformat(timespec="seconds"),
        }
    if order_detail:
        resource["orderDetail"] = [{"text": order_detail}]
    return checked(resource)


def medication_request(
    call: HookCall,
    medication: Sequence[Code],
    text: str,
    dosage_text: str,
    note: str,
    *,
    priority: str | None = None,
    route: Code | None = None,
    dose_mg: float | None = None,
    dose_range_mg: tuple[float, float] | None = None,
    once: bool = False,
    daily: bool = False,
    reasons: Sequence[str] = (),
) -> dict[str, Any]:
    """A draft MedicationRequest proposal at substance/ATC level; the prescriber picks the product."""
    dosage: dict[str, Any] = {"text": dosage_text}
    if once:
        dosage["timing"] = {"repeat": {"count": 1}}
    if daily:
        dosage["timing"] = {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}
    if route is not None:
        dosage["route"] = {
            "coding": [{"system": route.system, "code": route.code, "display": route.display}]
        }
    if dose_mg is not None:
        dosage["doseAndRate"] = [{"doseQuantity": _mg(dose_mg)}]
    if dose_range_mg is not None:
        dosage["doseAndRate"] = [
            {"doseRange": {"low": _mg(dose_range_mg[0]), "high": _mg(dose_range_mg[1])}}
        ]
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "status": "draft",
        "intent": "proposal",
        "medicationCodeableConcept": {
            "coding": [
                {"system": c.system, "code": c.code, "display": c.display} for c in medication
            ],
            "text": text,
        },
        **_subject(call),
        "dosageInstruction": [dosage],
        "note": [{"text": note}],
    }
    if priority:
        resource["priority"] = priority
    if reasons:
        resource["reasonReference"] = [{"reference": r} for r in reasons]
    return checked(resource)


def _mg(value: float) -> dict[str, Any]:
    return {"value": value, "unit": "mg", "system": UCUM, "code": "mg"}


IMAGING = Code(SNOMED, "363679005", "Imaging")
INTRAVENOUS = Code(SNOMED, "47625008", "Intravenous route")
ORAL = Code(SNOMED, "26643006", "Oral route")
