"""FHIR resources we propose, built as plain JSON and checked with `fhir.resources.R4B`.

Everything we create is validated before it leaves the service (R4B is the closest to R4 that
the library offers), so an EHR never receives an invalid suggestion. We declare no
`meta.profile` we cannot validate.

A full R4B validation costs about 0.2 ms, the largest single cost of an order-sign call
(`make bench`). Most of a proposal is the same for every patient on the same guideline branch
(codes, texts, priority, dosage): `checked` validates that part in full once and remembers it,
and checks the per-call elements (the patient, encounter and requester references, the
reasons, the deadline, `authoredOn`) with their own R4B types on every call. What is sent has
passed the same R4B checks either way.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import orjson
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.reference import Reference
from fhir_core.types import DateTimeType, StringType
from pydantic import TypeAdapter

from hooks.codes import SNOMED, UCUM, Code
from service.cds.contract import HookCall


def _reference(item: Any) -> None:
    """R4B's check of a Reference; `{"reference": "..."}`, the only shape we build, by the
    `string` primitive's own check of its one member (what the Reference model does to it, at a
    fiftieth of the cost of building the model)."""
    if type(item) is dict and len(item) == 1 and type(item.get("reference")) is str:
        _STRING.validate_python(item["reference"])
    else:
        Reference.model_validate(item)


_STRING = TypeAdapter(StringType)
_DATE_TIME = TypeAdapter(DateTimeType)

# Elements that differ from call to call, each with the R4B check its value must pass (each
# item of a list: reasonReference, recipient).
_PER_CALL: dict[str, Callable[[Any], object]] = {
    "subject": _reference,
    "encounter": _reference,
    "requester": _reference,
    "recipient": _reference,
    "reasonReference": _reference,
    "occurrencePeriod": Period.model_validate,
    "authoredOn": _DATE_TIME.validate_python,
}
# The call-independent parts already validated in full, least recently seen first. A part that
# differs per call all the same (a date in a note) is seen once and ages out.
_VALIDATED: OrderedDict[tuple[str, bytes], None] = OrderedDict()
_VALIDATED_MAX = 1024


def checked(resource: dict[str, Any]) -> dict[str, Any]:
    """`resource` unchanged, once R4B accepted it; a ValueError here is our bug, not the EHR's.

    The call-independent part is validated in full the first time it is seen (together with
    this call's values); after that only this call's values are, each with its own R4B check.
    Whatever `_PER_CALL` names is checked on every call, so no value reaches the EHR unchecked.
    """
    type_name = str(resource["resourceType"])
    # The shape: the call-independent part, and which per-call elements are present in which
    # container. A remembered shape with a `subject` says nothing of a proposal without one
    # (R4B requires it), nor one with a list where R4B allows one Reference.
    shape = {k: (type(v).__name__ if k in _PER_CALL else v) for k, v in resource.items()}
    key = (type_name, orjson.dumps(shape, option=orjson.OPT_SORT_KEYS))
    if key not in _VALIDATED:
        get_fhir_model_class(type_name).model_validate(resource)
        # orjson writes null for None, NaN and infinity alike: R4B takes a None as absent but
        # refuses NaN, so a part holding a null is never taken as already checked.
        if b"null" not in key[1]:
            _VALIDATED[key] = None
            if len(_VALIDATED) > _VALIDATED_MAX:
                _VALIDATED.popitem(last=False)
        return resource
    _VALIDATED.move_to_end(key)
    for name, check in _PER_CALL.items():
        value = resource.get(name)
        if value is None:
            continue
        for item in value if isinstance(value, list | tuple) else (value,):
            check(item)
    return resource


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
