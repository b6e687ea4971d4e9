"""SM-CS01 on a corticosteroid order when no biopsy is on record: local policy decides."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.build import answer, unknown_primary_marker
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from hooks.spinal_metastases.treatment.steroid_cards import steroid_order_cards
from tests.hooks.policy_said import said
from tests.hooks.spinal_metastases.cases import call_with

P = "pat-facts"
TODAY = "2026-11-23T09:00:00+01:00"
DEXAMETHASONE: dict[str, Any] = {
    "resourceType": "MedicationRequest",
    "id": "dexa",
    "status": "draft",
    "intent": "order",
    "medicationCodeableConcept": {
        "coding": [{"system": "http://www.whocc.no/atc", "code": "H02AB02"}]
    },
    "subject": {"reference": f"Patient/{P}"},
}


def _yes_no(code: str, value: bool) -> dict[str, Any]:
    return answer(f"a-{code}", P, code, TODAY, {"valueBoolean": value})


@pytest.mark.parametrize("policy", ["most-urgent-possible", "decided-only"])
def test_unknown_origin_without_a_biopsy_record(policy: str) -> None:
    call = call_with(
        conditions=[unknown_primary_marker(P)],
        observations=[
            _yes_no("primary-tumour-known", False),
            _yes_no("spinal-metastasis-radiological", True),
            _yes_no("spinal-metastasis-suspected", True),
        ],
        hook="order-sign",
        orders=[DEXAMETHASONE],
    )
    settings = SpinePolicy(unknown_window=policy)
    cards = steroid_order_cards(call, read_facts(call, settings), DEXAMETHASONE, settings)
    first = cards[0]
    assert first.source.topic is not None
    assert first.source.topic.code == "SM-CS01"
    if policy == "most-urgent-possible":
        assert first.indicator == "critical"
        assert first.suggestions is not None
        assert first.suggestions[0].is_recommended is None  # offered, not recommended
        assert said("CDS_SPINE_UNKNOWN_WINDOW", (first.detail or ""))
        assert len(cards) == 1
    else:
        assert first.indicator == "warning"
        assert "Niet te beslissen" in (first.detail or "")
