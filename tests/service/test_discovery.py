from __future__ import annotations

import re

from fastapi.testclient import TestClient

from hooks import SERVICES
from tests.conftest import assert_no_empty_members

ALLOWED_TOKEN = re.compile(
    r"\{\{(context\.(patientId|encounterId|userId)|userPractitionerId|userPractitionerRoleId|userPatientId|userRelatedPersonId)\}\}"
)


def test_discovery_lists_every_registered_service(client: TestClient) -> None:
    response = client.get("/cds-services")
    assert response.status_code == 200
    services = response.json()["services"]
    assert [s["id"] for s in services] == [s.id for s in SERVICES]
    for entry in services:
        assert entry["hook"] in {"patient-view", "order-select", "order-sign"}
        assert entry["description"]
        assert entry["title"]
    assert_no_empty_members(response.json())


def test_prefetch_templates_use_only_cds_hooks_2_tokens(client: TestClient) -> None:
    for entry in client.get("/cds-services").json()["services"]:
        for template in entry.get("prefetch", {}).values():
            tokens = re.findall(r"\{\{[^}]*\}\}", template)
            assert tokens, template
            assert all(ALLOWED_TOKEN.fullmatch(token) for token in tokens), template


def test_discovery_answers_the_browser_sandbox_preflight(client: TestClient) -> None:
    response = client.options(
        "/cds-services",
        headers={
            "Origin": "https://sandbox.cds-hooks.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://sandbox.cds-hooks.org"
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


def test_unknown_origin_gets_no_cors_grant(client: TestClient) -> None:
    response = client.get("/cds-services", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
