"""Draft orders as real EHRs code them: RxNorm clinical drugs and CPT beside ATC and SNOMED CT,
text only with a systemic route, text-matched cards never critical, unclassified orders counted."""

from __future__ import annotations

import logging
from typing import Any, Literal

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from fixtures.build import FIXTURES
from fixtures.replay import load
from hooks import codes, order_reading
from hooks.order_reading import (
    OrderMatch,
    any_relevant,
    mark_text_matched,
    order_service,
    read_order,
)
from hooks.orders import orders_coded
from service.cds.models import Card, Coding, Source

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
CPT = "http://www.ama-assn.org/go/cpt"
SCT = "http://snomed.info/sct"
ORAL = ("26643006", "Oral route")
EYE = ("54485002", "Ophthalmic route")
STEROID = ("MedicationRequest", "medicationCodeableConcept", codes.SYSTEMIC_CORTICOSTEROID)
MRI = ("ServiceRequest", "code", codes.MRI_SPINE)


def medication_order(
    *codings: tuple[str, str], text: str | None = None, route: tuple[str, str] | None = None
) -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": [{"system": s, "code": c} for s, c in codings]}
    if text:
        concept["text"] = text
    order: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "id": "draft",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": concept,
    }
    if route:
        order["dosageInstruction"] = [{"route": {"coding": [{"system": SCT, "code": route[0]}]}}]
    return order


def imaging_order(*codings: tuple[str, str], text: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": [{"system": s, "code": c} for s, c in codings]}
    if text:
        concept["text"] = text
    return {"resourceType": "ServiceRequest", "id": "draft-mri", "status": "draft", "code": concept}


@pytest.mark.parametrize(
    ("order", "member", "text_match"),
    [
        pytest.param(medication_order((RXNORM, "197582")), True, False, id="rxnorm-197582-tablet"),
        pytest.param(
            medication_order((RXNORM, "1116927")), True, False, id="rxnorm-injection-unverified"
        ),
        pytest.param(medication_order((RXNORM, "3264")), None, False, id="rxnorm-ingredient"),
        pytest.param(
            medication_order((RXNORM, "309692"), route=EYE), False, False, id="rxnorm-eye-drops"
        ),
        pytest.param(
            medication_order(text="Dexamethason 4 mg tablet", route=ORAL),
            True,
            True,
            id="text-with-oral-route",
        ),
        pytest.param(
            medication_order(text="Dexamethason 4 mg tablet"), None, False, id="text-without-route"
        ),
        pytest.param(
            medication_order(text="dexamethason oogdruppels", route=EYE),
            False,
            False,
            id="text-in-the-eye",
        ),
        pytest.param(
            medication_order(("http://www.whocc.no/atc", "S01BA01"), text="dexamethason"),
            False,
            False,
            id="atc-eye-decides",
        ),
    ],
)
def test_medication_orders_read_as_the_medication_reader(
    order: dict[str, Any], member: bool | None, text_match: bool
) -> None:
    reading = read_order(order, STEROID)
    assert (reading.member, reading.text_match) == (member, text_match)


@pytest.mark.parametrize(
    ("order", "member", "text_match"),
    [
        *(
            pytest.param(imaging_order((CPT, code)), True, False, id=f"cpt-{code}")
            for code in (
                "72141",
                "72142",
                "72146",
                "72147",
                "72148",
                "72149",
                "72156",
                "72157",
                "72158",
            )
        ),
        pytest.param(imaging_order((CPT, "72131")), False, False, id="cpt-ct-lumbar-is-not-mri"),
        pytest.param(
            imaging_order((CPT, "72159"), text="MRI spine"), False, False, id="cpt-mra-no-text"
        ),
        pytest.param(
            imaging_order(("urn:oid:1.2.3", "RAD-1"), text="MR LWK"), True, True, id="text-mr-lwk"
        ),
        pytest.param(
            imaging_order(text="MRI thoracic spine"), True, True, id="text-mri-thoracic-spine"
        ),
        pytest.param(imaging_order(text="CT wervelkolom"), None, False, id="text-ct-is-not-mri"),
        pytest.param(imaging_order(text="MRI hersenen"), None, False, id="text-mri-brain"),
    ],
)
def test_imaging_orders_read_by_snomed_cpt_then_text(
    order: dict[str, Any], member: bool | None, text_match: bool
) -> None:
    reading = read_order(order, MRI)
    assert (reading.member, reading.text_match) == (member, text_match)


def test_an_unreadable_medication_order_or_concept_is_unclassified() -> None:
    broken = medication_order(text="dexamethason", route=ORAL)
    broken["dosageInstruction"] = "1 dd"  # not a list: the lean model refuses it
    assert read_order(broken, STEROID).member is None
    assert read_order(imaging_order() | {"code": "MRI LWK"}, MRI).member is None
    assert read_order(medication_order((RXNORM, "197582")), MRI).member is False


def test_the_coding_systems_of_a_contained_medication_are_counted() -> None:
    service = "spinal-metastases-order-select"
    order = medication_order()
    del order["medicationCodeableConcept"]
    order["medicationReference"] = {"reference": "#med"}
    order["contained"] = [
        {"resourceType": "Substance", "id": "s"},
        {
            "resourceType": "Medication",
            "id": "med",
            "code": {"coding": [{"system": "urn:x", "code": "1"}]},
        },
    ]
    before = _counted(service, "other")
    assert not any_relevant(service, [order], [STEROID])
    assert _counted(service, "other") == before + 1


def test_the_metric_label_of_a_service_is_from_a_closed_set() -> None:
    assert order_service("spinal-metastases", "order-sign") == "spinal-metastases-order-sign"
    assert order_service("spinal-metastases", "x" * 300) == "unknown"


def test_a_card_without_detail_gets_the_text_match_line_as_its_detail() -> None:
    card = _card("info").model_copy(update={"detail": None})
    (marked,) = mark_text_matched([card], OrderMatch({}, text_match=True), "nl")
    assert marked.detail is not None
    assert marked.detail.startswith("**Op tekst herkend:**")


def test_orders_coded_leaves_text_matches_out() -> None:
    coded, by_text = (
        medication_order((RXNORM, "197582")),
        medication_order(text="dexamethason", route=ORAL),
    )
    by_text["id"] = "other"
    assert orders_coded([coded, by_text], *STEROID) == [coded]


def _card(indicator: Literal["info", "warning", "critical"]) -> Card:
    return Card(
        uuid="u",
        summary="s",
        detail="**Advice.**\n\nWhy",
        indicator=indicator,
        source=Source(label="l", topic=Coding(system="x", code="SM-X")),
    ).with_facts_hash("h")


def test_a_text_matched_order_is_never_critical_and_says_so() -> None:
    match = OrderMatch({}, text_match=True, note=("tekstmatch ‘x’", "text match ‘x’"))
    (card,) = mark_text_matched([_card("critical")], match, "en")
    assert card.indicator == "warning"
    assert card.detail is not None
    assert card.detail.startswith("**Advice.**\n\n**Matched on text:**")
    assert "text match ‘x’" in card.detail
    assert card.facts_hash == "h"  # still snoozable for the same facts
    coded = OrderMatch({})
    assert mark_text_matched([_card("critical")], coded, "en")[0].indicator == "critical"


def _counted(service: str, system: str) -> float:
    value = REGISTRY.get_sample_value(
        "cds_unclassified_order_codings_total", {"service": service, "system": system}
    )
    return value or 0.0


def test_an_unclassified_order_is_counted_by_system_and_logged(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(order_reading, "_SEEN", {})
    service = "spinal-metastases-order-sign"
    paracetamol = medication_order((RXNORM, "198440"), text="acetaminophen 500 MG Oral Tablet")
    local = imaging_order(("urn:oid:1.2.3", "RAD-9"), text="Echo abdomen")
    known = medication_order((RXNORM, "197582"))
    before = _counted(service, "rxnorm"), _counted(service, "other")
    with caplog.at_level(logging.INFO, logger="hooks.orders"):
        assert any_relevant(service, [paracetamol, local, known], [STEROID, MRI])
    assert (_counted(service, "rxnorm"), _counted(service, "other")) == (
        before[0] + 1,
        before[1] + 1,
    )
    assert "198440" not in caplog.text  # the system is logged, never the code or the text
    assert "draft order not classified" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="hooks.orders"):
        assert not any_relevant(service, [paracetamol], [STEROID])  # 2: no new power of ten
    assert "draft order not classified" not in caplog.text
    monkeypatch.setattr(order_reading, "_SEEN_MAX", 2)  # a full table: counted, no new line
    with caplog.at_level(logging.INFO, logger="hooks.orders"):
        any_relevant("spinal-metastases-order-select", [paracetamol], [STEROID])
    assert "draft order not classified" not in caplog.text


@pytest.mark.parametrize(
    ("scenario", "rules", "indicator", "text_matched"),
    [
        pytest.param(
            "spinal-metastases-order-select/rxnorm-dexamethasone-symptomatic-mescc",
            ["SM-CS02", "SM-CS03"],
            {"warning"},
            False,
            id="rx-view-rxnorm-197582",
        ),
        pytest.param(
            "spinal-metastases-order-sign/rxnorm-dexamethasone-symptomatic-mescc-sign",
            ["SM-CS02", "SM-CS03"],
            {"warning"},
            False,
            id="rx-sign-rxnorm-197582",
        ),
        pytest.param(
            "spinal-metastases-order-select/cpt-72146-mri-mescc-suspected-12h",
            ["SM-MRI-12h"],
            {"critical"},
            False,
            id="pama-cpt-72146",
        ),
        pytest.param(
            "spinal-metastases-order-sign/text-only-dexamethason-oral-biopsy-first",
            ["SM-CS01"],
            {"warning"},
            True,
            id="text-only-dexamethason-oral",
        ),
        pytest.param(
            "spinal-metastases-order-select/text-only-mri-wervelkolom-12h-warning",
            ["SM-MRI-12h"],
            {"warning"},
            True,
            id="text-only-mri-wervelkolom",
        ),
        pytest.param(
            "spinal-metastases-order-sign/rxnorm-dexamethasone-eye-drops-no-card",
            [],
            set(),
            False,
            id="rxnorm-eye-drops",
        ),
    ],
)
def test_order_coding_fixtures_give_these_cards(
    client: TestClient, scenario: str, rules: list[str], indicator: set[str], text_matched: bool
) -> None:
    service_id, name = scenario.split("/")
    request = load(FIXTURES / service_id / f"{name}.request.json")
    cards = client.post(f"/cds-services/{service_id}", json=request).json()["cards"]
    assert [c["source"]["topic"]["code"] for c in cards] == rules
    assert {c["indicator"] for c in cards} == indicator
    assert all(("**Op tekst herkend:**" in c["detail"]) is text_matched for c in cards)


@pytest.mark.parametrize(
    ("coding", "rules"),
    [
        pytest.param({"system": RXNORM, "code": "197582"}, ["BM-02"], id="rxnorm-dexamethasone"),
        pytest.param({"system": RXNORM, "code": "309692"}, [], id="rxnorm-eye-drops"),
    ],
)
def test_brain_order_service_reads_rxnorm_dexamethasone(
    client: TestClient, coding: dict[str, str], rules: list[str]
) -> None:
    service_id = "brain-metastases-order-select"
    request = load(FIXTURES / service_id / "dexamethasone-symptomatic-no-dose.request.json")
    order = request["context"]["draftOrders"]["entry"][0]["resource"]
    order["medicationCodeableConcept"] = {"coding": [coding]}
    cards = client.post(f"/cds-services/{service_id}", json=request).json()["cards"]
    assert [c["source"]["topic"]["code"] for c in cards] == rules
