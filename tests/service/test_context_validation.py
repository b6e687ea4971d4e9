"""The context members a service relies on must have the hook's types (else 400), and no
context value can change the FHIR queries we send with the EHR's token."""

from __future__ import annotations

from typing import Any

import pytest
import respx
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app
from service.cds.models import HookRequest
from service.errors import InvalidRequest
from service.prefetch_templates import ensure_context, render_template
from tests.service.fhir_support import BASE, SIGN, fixture_request
from tests.service.test_call_errors import assert_outcome

PATIENT_VIEW = "/cds-services/spinal-metastases-patient-view"


@pytest.mark.parametrize(
    "patient_id",
    ["pat-spine-03&_include=*", "pat spine", "../Patient", "a/b", "x" * 65, "ü"],
)
def test_a_patient_id_that_is_not_a_fhir_id_is_400_and_queries_nothing(patient_id: str) -> None:
    body = fixture_request()
    del body["prefetch"]["conditions"]
    body["context"]["patientId"] = patient_id
    with (
        respx.mock(assert_all_called=False) as anywhere,
        TestClient(fixture_app(fhir_server_allowlist=[BASE])) as client,
    ):
        route = anywhere.get(url__regex=r".*").respond(200, json={"resourceType": "Bundle"})
        response = client.post(SIGN, json=body)
    assert not route.called
    assert_outcome(response, 400, "context.patientId is not a FHIR id")
    assert patient_id not in response.text  # no echo of what may be patient data


def test_a_bad_patient_id_is_400_even_when_everything_was_prefetched(client: TestClient) -> None:
    body = fixture_request()
    body["context"]["patientId"] = "pat-spine-03&_include=*"
    assert_outcome(client.post(SIGN, json=body), 400, "context.patientId")


@pytest.mark.parametrize("patient_id", [5, {"id": "pat-spine-03"}, ["pat-spine-03"], True])
def test_a_patient_id_that_is_not_a_string_is_400(client: TestClient, patient_id: Any) -> None:
    body = fixture_request()
    body["context"]["patientId"] = patient_id
    assert_outcome(client.post(SIGN, json=body), 400, "context.patientId must be a string")


@pytest.mark.parametrize(
    "draft_orders",
    [5, "x", [{"resourceType": "ServiceRequest"}], {"resourceType": "ServiceRequest"}, True],
)
def test_draft_orders_that_are_not_a_bundle_are_400(client: TestClient, draft_orders: Any) -> None:
    body = fixture_request()
    body["context"]["draftOrders"] = draft_orders
    assert_outcome(client.post(SIGN, json=body), 400, "context.draftOrders must be a FHIR Bundle")


def test_draft_orders_bundle_without_type_is_still_read(client: TestClient) -> None:
    body = fixture_request()
    del body["context"]["draftOrders"]["type"]
    assert client.post(SIGN, json=body).status_code == 200


@pytest.mark.parametrize(
    "fhir_server",
    [
        "not a url",
        "fhir.hospital.example/r4",
        "/r4",
        "ftp://fhir.hospital.example/r4",
        "https://",
        "https://[::1",
        "https://fhir.hospital.example/r4?_format=json",
        " https://fhir.hospital.example/r4",
        "",
        5,
    ],
)
def test_fhir_server_that_is_not_an_absolute_http_url_is_400(
    client: TestClient, fhir_server: Any
) -> None:
    body = fixture_request()
    body["fhirServer"] = fhir_server
    response = client.post(SIGN, json=body)
    assert_outcome(response, 400, "fhirServer")


@pytest.mark.parametrize(
    "fhir_server", ["https://fhir.hospital.example/r4/", "http://127.0.0.1:8080/fhir"]
)
def test_absolute_http_fhir_servers_are_accepted(client: TestClient, fhir_server: str) -> None:
    body = fixture_request()
    body["fhirServer"] = fhir_server
    assert client.post(SIGN, json=body).status_code == 200


@pytest.mark.parametrize("hook_instance", ["d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "42", "x" * 200])
def test_any_hook_instance_up_to_200_characters_is_accepted(
    client: TestClient, hook_instance: str
) -> None:
    body = fixture_request()
    body["hookInstance"] = hook_instance
    assert client.post(SIGN, json=body).status_code == 200


@pytest.mark.parametrize("hook_instance", ["x" * 201, "", 5])
def test_a_longer_empty_or_non_string_hook_instance_is_400(
    client: TestClient, hook_instance: Any
) -> None:
    body = fixture_request()
    body["hookInstance"] = hook_instance
    assert_outcome(client.post(SIGN, json=body), 400, "hookInstance")


@pytest.mark.parametrize(
    ("template", "context", "query"),
    [
        (
            "Condition?patient={{context.patientId}}",
            {"patientId": "a.B-1"},
            "Condition?patient=a.B-1",
        ),
        ("{{context.userId}}", {"userId": "Practitioner/abc"}, "Practitioner/abc"),
        (
            "PractitionerRole?_id={{userPractitionerRoleId}}",
            {"userId": "PractitionerRole/r-1"},
            "PractitionerRole?_id=r-1",
        ),
        ("PractitionerRole?_id={{userPractitionerRoleId}}", {"userId": "Practitioner/p"}, None),
        ("Encounter/{{context.encounterId}}", {"patientId": "p"}, None),
        ("Encounter/{{context.encounterId}}", {"encounterId": ""}, None),
    ],
)
def test_tokens_fill_with_ids_and_stay_unresolved_when_absent(
    template: str, context: dict[str, Any], query: str | None
) -> None:
    assert render_template(template, context) == query


@pytest.mark.parametrize(
    ("template", "context"),
    [
        ("{{context.userId}}", {"userId": "Practitioner/abc&x=1"}),
        ("{{context.userId}}", {"userId": "abc"}),
        ("PractitionerRole?_id={{userPractitionerRoleId}}", {"userId": "PractitionerRole/r 1"}),
        ("Encounter/{{context.encounterId}}", {"encounterId": "e#1"}),
        ("Encounter/{{context.encounterId}}", {"encounterId": 7}),
    ],
)
def test_token_values_that_could_change_the_query_are_refused(
    template: str, context: dict[str, Any]
) -> None:
    with pytest.raises(InvalidRequest):
        render_template(template, context)


def test_patient_view_checks_patient_id_too(client: TestClient) -> None:
    body = fixture_request()
    body["hook"] = "patient-view"
    del body["context"]["draftOrders"]
    body["context"]["patientId"] = {"reference": "Patient/pat-spine-03"}
    assert_outcome(client.post(PATIENT_VIEW, json=body), 400, "context.patientId")


_TEMPLATES = (
    "Condition?patient={{context.patientId}}",
    "Patient/{{context.patientId}}",
    "Encounter/{{ context.encounterId }}",
    "Practitioner/{{userPractitionerId}}",
    "PractitionerRole?_id={{userPractitionerRoleId}}&x={{context.patientId}}",
    "{{context.userId}}|{{context.encounterId}}|{{context.patientId}}",
    "Observation?subject={{context.patientId}}&performer={{context.performer}}",
    "Unknown?x={{context.nothing}}&y={{somethingElse}}",
    "Plain?no=tokens",
)
_CONTEXTS: tuple[dict[str, Any], ...] = (
    {},
    {"patientId": "p-1", "encounterId": "e-1", "userId": "Practitioner/u-1"},
    {"patientId": "p&x=1", "encounterId": "e-1"},
    {"patientId": "p-1", "encounterId": 7},
    {"patientId": "p-1", "encounterId": "e#1", "userId": "abc"},
    {"patientId": "", "userId": "PractitionerRole/r 1"},
    {"patientId": "p-1", "userId": "Practitioner/abc&x=1", "performer": "Practitioner/d"},
    {"patientId": None, "performer": "nope", "nothing": {"a": 1}},
    {"patientId": ["p-1"], "encounterId": "e-1"},
)


def _outcome(check: Any) -> str | None:
    try:
        check()
    except InvalidRequest as exc:
        return exc.message
    return None


@pytest.mark.parametrize("context", _CONTEXTS)
def test_ensure_context_refuses_exactly_what_rendering_the_templates_refuses(
    context: dict[str, Any],
) -> None:
    """`ensure_context` checks the templates without rendering them: same 400, same message."""
    request = HookRequest.model_validate(
        {"hook": "patient-view", "hookInstance": "h-1", "context": context}
    )
    for count in range(1, len(_TEMPLATES) + 1):
        templates = _TEMPLATES[:count]

        def rendered(templates: tuple[str, ...] = templates) -> None:
            for template in templates:
                render_template(template, context)

        def checked(templates: tuple[str, ...] = templates) -> None:
            ensure_context(request, (), templates)

        assert _outcome(checked) == _outcome(rendered), templates
