"""Small FHIR fragments and hook calls for the topic packages' tests (synthetic data only)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from service.cds.contract import FetchedData, HookCall, Language
from service.cds.models import HookRequest
from service.settings import PRODUCT_CANONICAL_BASE

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
CANONICAL = PRODUCT_CANONICAL_BASE
SCT = "http://snomed.info/sct"
ICD10NL = "http://hl7.org/fhir/sid/icd-10-nl"
LOINC = "http://loinc.org"
ATC = "http://www.whocc.no/atc"
HGNC = "http://www.genenames.org"
ICD_O3 = "urn:oid:2.16.840.1.113883.6.43.1"
Resource = dict[str, Any]


def call(
    data: dict[str, list[Resource]],
    *,
    hook: str = "patient-view",
    unavailable: tuple[str, ...] = (),
    orders: list[Resource] | None = None,
    language: Language = "nl",
) -> HookCall:
    """A resolved hook call: `data` per prefetch key; `unavailable` keys could not be read."""
    context: dict[str, Any] = {"patientId": "pat-test", "userId": "Practitioner/prac-test"}
    if orders is not None:
        context["draftOrders"] = {
            "resourceType": "Bundle",
            "entry": [{"resource": o} for o in orders],
        }
    fetched = {key: FetchedData(key, tuple(resources)) for key, resources in data.items()}
    fetched.update({key: FetchedData(key, (), False, "none") for key in unavailable})
    return HookCall(
        request=HookRequest.model_validate(
            {
                "hook": hook,
                "hookInstance": "00000000-0000-4000-8000-000000000001",
                "context": context,
            }
        ),
        data=fetched,
        language=language,
        now=NOW,
        canonical_base=CANONICAL,
    )


def status(system: str, code: str) -> Resource:
    return {"coding": [{"system": f"http://terminology.hl7.org/CodeSystem/{system}", "code": code}]}


def condition(
    rid: str,
    *codings: tuple[str, str],
    verification: str | None = "confirmed",
    clinical: str | None = "active",
    recorded: str = "2026-10-01",
    **extra: Any,
) -> Resource:
    resource: Resource = {
        "resourceType": "Condition",
        "id": rid,
        "code": {"coding": [{"system": s, "code": c} for s, c in codings]},
        "recordedDate": recorded,
        **extra,
    }
    if verification:
        resource["verificationStatus"] = status("condition-ver-status", verification)
    if clinical:
        resource["clinicalStatus"] = status("condition-clinical", clinical)
    return resource


def observation(rid: str, code: str, when: str = "2026-09-01", **value: Any) -> Resource:
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": value.pop("status", "final"),
        "code": {"coding": [{"system": LOINC, "code": code}]},
        "effectiveDateTime": when,
        **value,
    }


def coded(system: str, code: str) -> Resource:
    return {"coding": [{"system": system, "code": code}]}


def variant(
    rid: str, gene: str, hgnc: str, present: bool | None, when: str = "2026-09-01"
) -> Resource:
    value = {True: coded(LOINC, "LA9633-4"), False: coded(LOINC, "LA9634-2")}
    resource = observation(
        rid,
        "69548-6",
        when,
        component=[
            {
                "code": coded(LOINC, "48018-6"),
                "valueCodeableConcept": {
                    "coding": [{"system": HGNC, "code": hgnc, "display": gene}]
                },
            }
        ],
    )
    if present is not None:
        resource["valueCodeableConcept"] = value[present]
    else:
        resource["valueString"] = "zie verslag"
    return resource


def medication(rid: str, atc: str, status: str = "active", **extra: Any) -> Resource:
    return {
        "resourceType": "MedicationRequest",
        "id": rid,
        "status": status,
        "intent": "order",
        "medicationCodeableConcept": {"coding": [{"system": ATC, "code": atc}], "text": atc},
        "authoredOn": "2026-11-23T09:00:00+01:00",
        **extra,
    }


def with_histology(resource: Resource, code: str) -> Resource:
    resource["extension"] = [
        {
            "url": "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior",
            "valueCodeableConcept": coded(ICD_O3, code),
        }
    ]
    return resource
