"""The requests the benchmark sends: real fixture calls, moved to today, and longer histories.

The fixtures are written for one morning (`fixtures.build.NOW`); replayed on a later day their
questionnaire answers would be too old to count and the service would answer a different,
cheaper branch. Moving every date by (now - that morning), as the card viewer does, keeps the
benchmark on the branch the fixture was written for.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from fixtures.build import FIXTURES, NOW
from service.viewer.fixtures import shift_dates

# An order-sign for a spinal-metastasis patient (11 Conditions, 37 Observations, ~54 KB) and a
# patient-view of another (10 Conditions, 42 Observations): the "about 10 and 30".
ORDER_SIGN = (
    "spinal-metastases-order-sign",
    "referral-mescc-deficit-both-options-urgent-consultation",
)
PATIENT_VIEW = ("spinal-metastases-patient-view", "mescc-deficit-both-options-urgent-consultation")

# Laboratory results a long oncology history is mostly made of (LOINC, verified codes): the
# service must read past them; they decide nothing in the spinal-metastases rules.
_LAB_RESULTS = (
    ("718-7", "Hemoglobin [Mass/volume] in Blood", 7.9, "mmol/L"),
    ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", 84.0, "umol/L"),
    ("6690-2", "Leukocytes [#/volume] in Blood by Automated count", 6.1, "10*9/L"),
    ("777-3", "Platelets [#/volume] in Blood by Automated count", 245.0, "10*9/L"),
)


def load_request(service_id: str, scenario: str, now: datetime | None = None) -> dict[str, Any]:
    """A fixture request with its dates moved so that it reads as written, at `now`."""
    path = Path(FIXTURES) / service_id / f"{scenario}.request.json"
    request = orjson.loads(path.read_bytes())
    delta = (now or datetime.now(UTC)) - datetime.fromisoformat(NOW)
    shifted: dict[str, Any] = shift_dates(request, delta)
    return shifted


def with_observations(request: dict[str, Any], count: int) -> dict[str, Any]:
    """The same call with exactly `count` Observations in its prefetch.

    The fixture's own Observations come first (they decide the advice); the rest of the
    history alternates copies of them (new ids, read and parsed like the originals) with
    laboratory results, the bulk of a real long history.
    """
    grown = copy.deepcopy(request)
    bundle = grown["prefetch"]["observations"]
    originals = [entry["resource"] for entry in bundle.get("entry", [])]
    patient = grown["context"]["patientId"]
    entries: list[dict[str, Any]] = []
    for n in range(count):
        if n < len(originals):
            resource = originals[n]
        elif n % 2 == 0:
            resource = {**copy.deepcopy(originals[n % len(originals)]), "id": f"bench-obs-{n}"}
        else:
            resource = _lab_result(n, patient)
        entries.append({"fullUrl": f"Observation/{resource['id']}", "resource": resource})
    bundle["entry"] = entries
    bundle["total"] = count
    return grown


def _lab_result(n: int, patient: str) -> dict[str, Any]:
    code, display, value, unit = _LAB_RESULTS[n % len(_LAB_RESULTS)]
    return {
        "resourceType": "Observation",
        "id": f"bench-lab-{n}",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "laboratory",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": "http://loinc.org", "code": code, "display": display}]},
        "subject": {"reference": f"Patient/{patient}"},
        "effectiveDateTime": f"20{10 + n % 16:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00Z",
        "valueQuantity": {
            "value": value,
            "unit": unit,
            "system": "http://unitsofmeasure.org",
            "code": unit,
        },
    }


def observation_count(request: dict[str, Any]) -> int:
    return len(request["prefetch"]["observations"].get("entry", []))


def condition_count(request: dict[str, Any]) -> int:
    return len(request["prefetch"]["conditions"].get("entry", []))
