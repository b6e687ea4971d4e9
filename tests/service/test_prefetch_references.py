"""Referenced resources a service asks for (`CDSService.resolve_references`): read from
`fhirServer` only when no key holds them, once each, bounded, within the budget; a read that
fails is said on the key that referenced it."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import respx

from service.cds.models import HookRequest
from service.prefetch import MAX_REFERENCE_READS, resolve
from service.settings import Settings
from tests.service.fhir_support import BASE


def _statement(rid: str, reference: str) -> dict[str, Any]:
    return {
        "resourceType": "MedicationStatement",
        "id": rid,
        "status": "active",
        "subject": {"reference": "Patient/pat-1"},
        "medicationReference": {"reference": reference},
    }


def _resolve(
    resources: list[dict[str, Any]], references: tuple[str, ...] = ("Medication",)
) -> dict[str, Any]:
    request = HookRequest.model_validate(
        {
            "hook": "patient-view",
            "hookInstance": "00000000-0000-4000-8000-000000000002",
            "fhirServer": BASE,
            "context": {"patientId": "pat-1"},
            "prefetch": {
                "statements": {
                    "resourceType": "Bundle",
                    "type": "searchset",
                    "entry": [{"resource": r} for r in resources],
                }
            },
        }
    )

    async def run() -> dict[str, Any]:
        async with httpx.AsyncClient() as client:
            data = await resolve(
                request,
                {"statements": "MedicationStatement?patient={{context.patientId}}"},
                Settings(database_url="sqlite://"),
                client,
                (BASE,),
                references,
            )
        return {"resources": data["statements"].resources, "problem": data["statements"].problem}

    return asyncio.run(run())


def _medication_for(request: httpx.Request) -> httpx.Response:
    rid = request.url.path.rsplit("/", 1)[-1]
    return httpx.Response(200, json={"resourceType": "Medication", "id": rid})


def test_reads_are_bounded_per_call(fhir: respx.MockRouter) -> None:
    route = fhir.get(url__regex=r"/Medication/.*").mock(side_effect=_medication_for)
    wanted = MAX_REFERENCE_READS + 2
    statements = [_statement(f"ms-{n}", f"Medication/med-{n}") for n in range(wanted)]
    data = _resolve(statements)
    assert route.call_count == MAX_REFERENCE_READS
    medications = [r for r in data["resources"] if r["resourceType"] == "Medication"]
    assert len(medications) == MAX_REFERENCE_READS
    assert f"only {MAX_REFERENCE_READS} referenced resources" in data["problem"]


def test_each_reference_is_read_once_and_held_ones_not_at_all(fhir: respx.MockRouter) -> None:
    route = fhir.get(url__regex=r"/Medication/.*").mock(side_effect=_medication_for)
    held = {"resourceType": "Medication", "id": "held"}
    data = _resolve(
        [
            _statement("a", "Medication/shared"),
            _statement("b", "Medication/shared"),
            _statement("c", "Medication/held"),
            _statement("d", "#contained"),
            held,
        ]
    )
    assert [c.request.url.path for c in route.calls] == ["/r4/Medication/shared"]
    assert data["problem"] is None


def test_a_reference_to_another_server_is_not_read(fhir: respx.MockRouter) -> None:
    route = fhir.get(url__regex=r".*").mock(side_effect=_medication_for)
    with respx.mock(assert_all_called=False) as outside:
        elsewhere = outside.get(url__regex=r"https://other\.example/.*").respond(200)
        data = _resolve([_statement("a", "https://other.example/fhir/Medication/x")])
    assert not route.called
    assert not elsewhere.called
    assert data["problem"] is None


def test_an_absolute_reference_to_our_server_is_read(fhir: respx.MockRouter) -> None:
    route = fhir.get("/Medication/x").mock(side_effect=_medication_for)
    _resolve([_statement("a", f"{BASE}/Medication/x")])
    assert route.call_count == 1


def test_a_service_that_asks_for_no_references_reads_none(fhir: respx.MockRouter) -> None:
    route = fhir.get(url__regex=r".*").mock(side_effect=_medication_for)
    data = _resolve([_statement("a", "Medication/x")], references=())
    assert not route.called
    assert data["problem"] is None


@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout("slow"), httpx.ConnectError("down")], ids=["timeout", "down"]
)
def test_a_read_that_cannot_be_made_is_said_on_the_key(
    fhir: respx.MockRouter, error: Exception
) -> None:
    fhir.get("/Medication/x").mock(side_effect=error)
    data = _resolve([_statement("a", "Medication/x")])
    assert "a referenced Medication could not be read" in data["problem"]
    assert len(data["resources"]) == 1  # the statement is kept
