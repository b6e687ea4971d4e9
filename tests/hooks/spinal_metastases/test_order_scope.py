"""Which radiotherapy orders and referrals concern the spinal metastases."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.build import condition
from hooks.spinal_metastases.reading.order_scope import spine_target
from tests.hooks.spinal_metastases.cases import facts_from

SCT = "http://snomed.info/sct"
FACTS = facts_from(
    conditions=[condition("met", "pat-facts", [(SCT, "94602001", "Spinal metastasis")])]
)


def concept(code: str) -> dict[str, Any]:
    return {"coding": [{"system": SCT, "code": code}]}


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ({"bodySite": [concept("73903008")]}, True),
        ({"bodySite": [concept("71341001")], "reasonCode": [concept("94222008")]}, False),
        ({"reasonCode": [concept("71286001")]}, True),
        ({"reasonReference": [{"reference": "Condition/met"}]}, True),
        ({"reasonReference": [{"reference": "Condition/heart"}]}, False),
        ({"reasonCode": [concept("84114007")]}, False),
        ({"bodySite": [{"text": "wervelkolom"}]}, None),
        ({}, None),
    ],
    ids=[
        "lumbar-vertebra",
        "femur-site-decides-over-bone-metastasis-reason",
        "cord-compression-reason",
        "reason-is-our-condition",
        "reason-is-another-condition",
        "heart-failure-reason",
        "text-only-site-is-uncoded",
        "nothing-coded",
    ],
)
def test_spine_target(order: dict[str, Any], expected: bool | None) -> None:
    assert spine_target(order, FACTS) is expected
