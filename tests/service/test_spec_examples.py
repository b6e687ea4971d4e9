"""Each of the CDS Hooks spec's example payloads gets a defined, documented status.

The table in README § "Spec example payloads" lists the same statuses.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet
from pydantic import ValidationError

from hooks import SERVICES
from service.auth.tokens import verify_signature
from service.cds.models import (
    Action,
    Card,
    CardsResponse,
    DiscoveryResponse,
    FeedbackRequest,
    FhirAuthorization,
    HookRequest,
    Link,
    OverrideReason,
    Source,
)
from service.openapi import OPERATION_OUTCOME_SCHEMA
from service.prefetch_entries import read_entries
from service.prefetch_templates import render_template
from service.render import openapi_document
from tests.conftest import spec_example, spec_example_text
from tests.service.test_openapi import fits_schema

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


PATIENT_VIEW_CONTEXT = "context-patient-view.json"
PATIENT_VIEW_SERVICES = sorted(s.id for s in SERVICES if s.hook == "patient-view")


@pytest.mark.parametrize("service_id", PATIENT_VIEW_SERVICES)
def test_patient_view_context_example_is_412_without_data_and_200_with_null_prefetch(
    client: TestClient, service_id: str
) -> None:
    body = _wrap(PATIENT_VIEW_CONTEXT, "patient-view")
    response = client.post(f"/cds-services/{service_id}", json=body)
    assert response.status_code == 412
    assert "no fhirServer" in response.json()["issue"][0]["diagnostics"]
    service = next(s for s in SERVICES if s.id == service_id)
    body["prefetch"] = dict.fromkeys(service.prefetch)  # the EHR found nothing for any key
    response = client.post(f"/cds-services/{service_id}", json=body)
    assert response.status_code == 200
    assert response.json() == {"cards": []}


def test_prefetch_data_example_is_read_entry_by_entry() -> None:
    prefetch = spec_example("prefetch-data-example.json")["prefetch"]
    (patient,), skipped = read_entries(prefetch["patient"])
    assert (patient["resourceType"], skipped) == ("Patient", 0)
    (observation,), skipped = read_entries(prefetch["hemoglobin-a1c"])
    assert (observation["resourceType"], skipped) == ("Observation", 0)
    # "user": "123" is no resource: one malformed value, counted, not a failure.
    assert read_entries(prefetch["user"]) == ((), 1)


def test_prefetch_data_example_sent_to_a_service_is_412_as_none_of_its_keys_is_there(
    client: TestClient,
) -> None:
    body = {
        **_wrap(PATIENT_VIEW_CONTEXT, "patient-view"),
        **spec_example("prefetch-data-example.json"),
    }
    assert client.post(PATIENT_VIEW, json=body).status_code == 412


def test_prefetch_template_examples_render_with_the_patient_view_context() -> None:
    context = spec_example(PATIENT_VIEW_CONTEXT)["context"]
    (hba1c,) = spec_example("prefetch-template-hba1c.json")["prefetch"].values()
    assert render_template(hba1c, context) == (
        "Observation?patient=1288992&code=4548-4&_count=1&sort:desc=date"
    )
    templates = spec_example("prefetch-templates-example.json")["prefetch"]
    rendered = {key: render_template(t, context) for key, t in templates.items()}
    assert rendered["patient"] == "Patient/1288992"
    assert rendered["diabetes-type2"] == (
        "Condition?patient=1288992&code=44054006&category=problem-list-item&status=active"
    )
    # userId is a Practitioner, so {{userPractitionerRoleId}} has no value: the key is not fetched.
    assert rendered["user"] is None


def test_fhir_authorization_example_parses_and_needs_a_fhir_server(client: TestClient) -> None:
    example = spec_example("fhirAuthorization-example.json")
    authorization = FhirAuthorization.model_validate(example["fhirAuthorization"])
    assert authorization.access_token.get_secret_value() == "some-opaque-fhir-access-token"
    assert "some-opaque" not in repr(authorization)
    response = client.post(
        PATIENT_VIEW, json={**_wrap(PATIENT_VIEW_CONTEXT, "patient-view"), **example}
    )
    assert response.status_code == 400  # spec cds-r-1: fhirAuthorization needs fhirServer
    assert "fhirServer is required" in response.json()["issue"][0]["diagnostics"]
    assert "some-opaque" not in response.text


@pytest.mark.parametrize("name", ["action-create.json", "action-update.json", "action-delete.json"])
def test_action_examples_fit_our_strict_model(name: str) -> None:
    example = spec_example(name)
    action = Action.model_validate(example)
    assert action.type == example["type"]
    assert (action.resource_id is not None) is (action.type == "delete")


def test_system_actions_example_is_rejected_because_its_action_has_no_description() -> None:
    # 2.0 requires an action's description; 3.0-ballot makes it optional for systemActions.
    with pytest.raises(ValidationError, match=re.escape("systemActions.0.description")):
        CardsResponse.model_validate(spec_example("response-systemActions.json"))
    fixed = spec_example("response-systemActions.json")
    fixed["systemActions"][0]["description"] = "Update the order"
    assert CardsResponse.model_validate(fixed).system_actions is not None


def test_discovery_example_with_extension_fits_only_without_the_extension() -> None:
    # We never send `extension`, so our strict model for what we send has no such member.
    example = spec_example("discovery-with-extension.json")
    with pytest.raises(ValidationError, match="extension"):
        DiscoveryResponse.model_validate(example)
    del example["services"][0]["extension"]
    assert DiscoveryResponse.model_validate(example).services[0].id == "patientview"


def test_v3_ballot_412_example_fits_our_operation_outcome_schema(client: TestClient) -> None:
    fits_schema(OPERATION_OUTCOME_SCHEMA, spec_example("error-412-operationoutcome-v3ballot.json"))
    ours = client.post(PATIENT_VIEW, json=_wrap(PATIENT_VIEW_CONTEXT, "patient-view"))
    assert ours.status_code == 412
    fits_schema(OPERATION_OUTCOME_SCHEMA, ours.json())


def test_private_example_key_signs_what_the_public_example_jwks_verifies() -> None:
    key = ECKey.import_key(spec_example("jwk-private-example-DO-NOT-USE-IN-PROD.json"))
    token = jwt.encode(
        spec_example("jwt-header-example.json"),
        spec_example("jwt-payload-example.json"),
        key,
        algorithms=["ES384"],
    )
    keys = KeySet.import_key_set(spec_example("jwks-public-example.json"))
    assert verify_signature(token, keys) == spec_example("jwt-payload-example.json")


def test_the_1_0_swagger_paths_are_ours_too() -> None:
    """The outdated 1.0 Swagger is no schema for us; its two operations still exist here."""
    swagger = spec_example_text("openapi-cds-hooks-1.0-swagger2.yaml")
    operations = re.findall(r"^  (/\S+):\n    (get|post):", swagger, flags=re.MULTILINE)
    assert operations == [("/cds-services", "get"), ("/cds-services/{id}", "post")]
    paths = json.loads(openapi_document())["paths"]
    assert "get" in paths["/cds-services"]
    assert "post" in paths["/cds-services/{service_id}"]
