"""The OpenAPI document says what each service requires and what feedback may carry."""

from __future__ import annotations

import json
from pathlib import Path

from hooks import SERVICES

DOCUMENT = json.loads((Path(__file__).parents[2] / "openapi" / "openapi.json").read_text())


def test_each_services_required_context_is_documented() -> None:
    call = DOCUMENT["paths"]["/cds-services/{service_id}"]["post"]
    assert call["x-required-context"] == {s.id: list(s.required_context) for s in SERVICES}
    for service in SERVICES:
        assert f"| `{service.id}` | `{service.hook}` |" in call["description"]


def test_feedback_documents_its_rule_and_bounds() -> None:
    feedback = DOCUMENT["paths"]["/cds-services/{service_id}/feedback"]["post"]
    assert "`accepted` must list its `acceptedSuggestions`" in feedback["description"]
    assert "CDS_FEEDBACK_MAX_ITEMS" in feedback["responses"]["413"]["description"]
    assert "deeper than 32 levels" in feedback["responses"]["400"]["description"]
