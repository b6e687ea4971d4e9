"""What the FHIR-data tests share: the fixtures' FHIR server and a fixture request to send."""

from __future__ import annotations

import json
from typing import Any

from fixtures.build import FIXTURES

BASE = "https://fhir.hospital.example/r4"  # the fixtures' fhirServer
SIGN = "/cds-services/spinal-metastases-order-sign"


def fixture_request(scenario: str = "lhermitte-12h") -> dict[str, Any]:
    """A fresh copy of an order-sign fixture request, to change in a test."""
    text = (FIXTURES / "spinal-metastases-order-sign" / f"{scenario}.request.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded
