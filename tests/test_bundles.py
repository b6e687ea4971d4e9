"""The published transaction Bundles are valid FHIR R4 and in step with the fixture requests."""

from __future__ import annotations

from pathlib import Path

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from fixtures.bundles import BUNDLES, bundle_path, render
from fixtures.replay import fixture_requests, load

CASES = [
    pytest.param(service, scenario, path, id=f"{service}/{scenario}")
    for service, scenario, path in fixture_requests()
]


@pytest.mark.parametrize(("service_id", "scenario", "request_path"), CASES)
def test_every_fixture_has_a_current_bundle(
    service_id: str, scenario: str, request_path: Path
) -> None:
    target = bundle_path(service_id, scenario)
    assert target.is_file(), f"{target} is missing: run `make bundles` and commit the result"
    assert target.read_text(encoding="utf-8") == render(request_path), (
        f"{target} is stale: run `make bundles` and commit the result"
    )


def test_no_bundle_is_left_without_its_fixture() -> None:
    expected = {bundle_path(s, sc) for s, sc, _ in fixture_requests()}
    assert set(BUNDLES.glob("*/*.transaction.json")) == expected


@pytest.mark.parametrize(("service_id", "scenario", "request_path"), CASES)
def test_every_bundle_is_a_valid_transaction_of_idempotent_puts(
    service_id: str, scenario: str, request_path: Path
) -> None:
    bundle = load(bundle_path(service_id, scenario))
    envelope = Bundle.model_validate(
        {**bundle, "entry": [{"request": e["request"]} for e in bundle["entry"]]}
    )
    assert envelope.type == "transaction"
    request = load(request_path)
    patient = request["context"]["patientId"]
    urls = [e["request"]["url"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls))
    assert f"Patient/{patient}" in urls
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert entry["request"] == {
            "method": "PUT",
            "url": f"{resource['resourceType']}/{resource['id']}",
        }
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    prefetched = {
        f"{e['resource']['resourceType']}/{e['resource']['id']}"
        for value in request["prefetch"].values()
        if isinstance(value, dict)
        for e in value.get("entry", [])
    }
    assert prefetched <= set(urls)  # every resource the service reads is loaded


@pytest.mark.parametrize(("service_id", "scenario", "request_path"), CASES)
def test_every_synthetic_person_has_given_and_family_names(
    service_id: str, scenario: str, request_path: Path
) -> None:
    """The CDS Hooks sandbox joins `name[0].given` for its banner; text alone makes it fail."""
    bundle = load(bundle_path(service_id, scenario))
    people = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] in ("Patient", "Practitioner")
    ]
    assert [p["resourceType"] for p in people][:1] == ["Patient"]
    for person in people:
        name = person["name"][0]
        assert name["given"]
        assert all(isinstance(given, str) and given for given in name["given"])
        assert name["family"]
        assert name["text"] == f"{' '.join(name['given'])} {name['family']}"
        assert person["id"] in name["given"]  # distinct per person, plainly synthetic
        assert {"code": "HTEST"}.items() <= person["meta"]["tag"][0].items()
