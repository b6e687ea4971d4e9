"""A fixture patient as a FHIR R4 transaction Bundle, to load into an integrator's test server.

Every entry is a PUT to `Type/id`, so loading twice leaves one copy and the ids the fixtures
reference stay stable; the draft orders are hook context, not chart data, and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SYNTHETIC_TAG = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
    "code": "HTEST",
    "display": "test health data",
}


def _resources(value: Any) -> Iterable[dict[str, Any]]:
    """The resources of one prefetch value: a Bundle's entries, or a single resource."""
    if not isinstance(value, Mapping):
        return ()
    if value.get("resourceType") == "Bundle":
        entries = value.get("entry")
        return (
            e["resource"]
            for e in (entries if isinstance(entries, list) else [])
            if isinstance(e, Mapping) and isinstance(e.get("resource"), dict)
        )
    return (dict(value),) if isinstance(value.get("resourceType"), str) else ()


def _stub(resource_type: str, rid: str, family: str) -> dict[str, Any]:
    """A placeholder for a resource the fixtures reference but do not carry.

    The name has `given` and `family` besides `text`: EHR test clients such as the CDS Hooks
    sandbox build the banner from `name[0].given` and fail on a name that is only text. The
    id as a given name keeps every synthetic person distinct and plainly not real.
    """
    given = ["Synthetisch", rid]
    return {
        "resourceType": resource_type,
        "id": rid,
        "meta": {"tag": [SYNTHETIC_TAG]},
        "name": [
            {
                "use": "official",
                "text": f"{' '.join(given)} {family}",
                "family": family,
                "given": given,
            }
        ],
    }


def transaction_bundle(request: Mapping[str, Any]) -> dict[str, Any]:
    """The patient, the user and every prefetched resource of a fixture request, as PUTs."""
    context = request.get("context")
    context = context if isinstance(context, Mapping) else {}
    patient_id = str(context.get("patientId", ""))
    chart: dict[tuple[str, str], dict[str, Any]] = {}
    if patient_id:
        chart["Patient", patient_id] = _stub("Patient", patient_id, "Testpatiënt")
    kind, _, user_id = str(context.get("userId", "")).partition("/")
    if kind == "Practitioner" and user_id:
        chart["Practitioner", user_id] = _stub("Practitioner", user_id, "Testbehandelaar")
    prefetch = request.get("prefetch")
    for value in (prefetch if isinstance(prefetch, Mapping) else {}).values():
        for resource in _resources(value):
            rtype, rid = resource.get("resourceType"), resource.get("id")
            if isinstance(rtype, str) and isinstance(rid, str):
                chart[rtype, rid] = resource
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"resource": resource, "request": {"method": "PUT", "url": f"{rtype}/{rid}"}}
            for (rtype, rid), resource in chart.items()
        ],
    }
