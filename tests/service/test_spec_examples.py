"""Each of the CDS Hooks spec's example payloads gets a defined, documented status.

The table in README § "Spec example payloads" lists the same statuses.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from service.cds.models import (
    Card,
    CardsResponse,
    DiscoveryResponse,
    FeedbackRequest,
    HookRequest,
    Link,
    OverrideReason,
    Source,
)
from tests.conftest import spec_example

SIGN = "/cds-services/spinal-metastases-order-sign"
SELECT = "/cds-services/spinal-metastases-order-select"


def _wrap(context_file: str, hook: str) -> dict[str, Any]:
    """The library's context examples are `{context: ...}` fragments; add the envelope."""
    return {
        "hook": hook,
        "hookInstance": "0a5a2f0e-4df7-4f3f-9c2b-6c1f7f111111",
        **spec_example(context_file),
    }


def test_order_sign_example_without_spine_orders_is_200_without_cards(client: TestClient) -> None:
    response = client.post(SIGN, json=_wrap("context-order-sign-r4.json", "order-sign"))
    assert response.status_code == 200
    assert response.json() == {"cards": []}


def test_order_select_example_without_spine_orders_is_200_without_cards(client: TestClient) -> None:
    response = client.post(SELECT, json=_wrap("context-order-select-r4.json", "order-select"))
    assert response.status_code == 200
    assert response.json() == {"cards": []}


@pytest.mark.parametrize("name", ["request-patient-view.json", "request-with-extension.json"])
def test_patient_view_examples_sent_to_an_order_service_are_400(
    client: TestClient, name: str
) -> None:
    response = client.post(SIGN, json=spec_example(name))
    assert response.status_code == 400
    assert "answers the 'order-sign' hook" in response.json()["issue"][0]["diagnostics"]


def test_request_examples_parse_with_our_tolerant_model() -> None:
    request = HookRequest.model_validate(spec_example("request-patient-view.json"))
    assert request.fhir_authorization is not None
    assert (
        request.fhir_authorization.access_token.get_secret_value()
        == "some-opaque-fhir-access-token"
    )
    assert "some-opaque" not in repr(request)  # the token never shows in logs or reprs
    extended = HookRequest.model_validate(spec_example("request-with-extension.json"))
    assert extended.context == {"userId": "Practitioner/example"}


@pytest.mark.parametrize(
    "name",
    ["feedback-accepted.json", "feedback-overridden.json", "feedback-overridden-with-reason.json"],
)
def test_feedback_examples_parse(name: str) -> None:
    assert FeedbackRequest.model_validate(spec_example(name)).feedback


def test_discovery_example_fits_our_strict_model() -> None:
    assert DiscoveryResponse.model_validate(spec_example("discovery-response.json")).services


def test_response_example_cards_fit_our_strict_model() -> None:
    example = spec_example("response-cards.json")
    # We always send a uuid (feedback needs it); the spec's second example card has none.
    cards = [{"uuid": f"u{i}", **card} for i, card in enumerate(example["cards"])]
    parsed = CardsResponse.model_validate({"cards": cards})
    assert parsed.cards[0].links is not None
    assert parsed.cards[0].links[2].type == "smart"
    assert CardsResponse.model_validate(spec_example("response-no-cards.json")).cards == ()


def test_autolaunchable_link_source_topic_and_override_reasons_examples_fit() -> None:
    link = spec_example("response-autolaunchable.json")["cards"][0]["links"][0]
    assert Link.model_validate(link).autolaunchable is True
    assert (
        Source.model_validate(spec_example("card-source-example.json")["source"]).topic is not None
    )
    reasons = spec_example("card-overrideReasons.json")["overrideReasons"]
    assert [OverrideReason.model_validate(r).display for r in reasons] == [
        "Patient refused",
        "Contraindicated",
    ]


def test_autolaunchable_example_card_is_rejected_because_it_lacks_the_required_indicator() -> None:
    card = {"uuid": "u", **spec_example("response-autolaunchable.json")["cards"][0]}
    with pytest.raises(ValidationError, match="indicator"):
        Card.model_validate(card)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"summary": "x" * 140}, "at most 139"),
        ({"indicator": "hard-stop"}, "indicator"),
        ({"source": {}}, "label"),
        ({"suggestions": [{"label": "s", "uuid": "u"}]}, "selectionBehavior"),
        ({"detail": ""}, "detail"),
        ({"links": []}, "links"),
        ({"overrideReasons": [{"system": "s", "code": "c"}]}, "display"),
    ],
)
def test_card_model_refuses_what_the_spec_forbids(change: dict[str, Any], message: str) -> None:
    card = {"uuid": "u", "summary": "ok", "indicator": "info", "source": {"label": "l"}, **change}
    with pytest.raises(ValidationError, match=message):
        Card.model_validate(card)


PATIENT_VIEW = "/cds-services/spinal-metastases-patient-view"


def test_patient_view_example_is_412_when_its_server_is_not_allowed(client: TestClient) -> None:
    response = client.post(PATIENT_VIEW, json=spec_example("request-patient-view.json"))
    assert response.status_code == 412
    assert "allow-list" in response.json()["issue"][0]["diagnostics"]
    assert "some-opaque-fhir-access-token" not in response.text


def test_patient_view_example_with_extension_lacks_patient_id_so_400(client: TestClient) -> None:
    response = client.post(PATIENT_VIEW, json=spec_example("request-with-extension.json"))
    assert response.status_code == 400
    assert "patientId" in response.json()["issue"][0]["diagnostics"]
