"""The viewer in a real headless Chromium against the real service over HTTP (local demo mode)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from fixtures.replay import load
from service.state import AppState
from tests.viewer.conftest import (
    INDICATOR_ORDER,
    LiveServer,
    call_service,
    choose,
    expected_cards,
    fixtures_by_service,
    open_viewer,
    raw_json,
    run_fixture,
)

FIXTURES = fixtures_by_service()
ALL_FIXTURES = [
    pytest.param(service_id, scenario, path, id=f"{service_id}/{scenario}")
    for service_id, entries in FIXTURES.items()
    for scenario, path in entries
]


def _state(server: LiveServer) -> AppState:
    state: AppState = server.app.state.cds
    return state


def _scenario_for(service_id: str) -> tuple[str, Path]:
    """The service's fixture that shows most: a card with a suggestion, else any card."""
    entries = FIXTURES[service_id]

    def score(entry: tuple[str, Path]) -> int:
        cards = expected_cards(entry[1])
        return 2 if any(c.get("suggestions") for c in cards) else 1 if cards else 0

    return max(entries, key=score)


def _summaries(cards: list[WebElement]) -> list[str]:
    return [card.find_element("css selector", ".summary").text for card in cards]


def _wait_stored(driver: WebDriver, card: WebElement) -> None:
    WebDriverWait(driver, 20).until(
        lambda _d: (
            "stored"
            in (card.find_element("css selector", ".feedback-status").get_attribute("class") or "")
        )
    )


@pytest.fixture
def page(browser: WebDriver, server: LiveServer) -> WebDriver:
    open_viewer(browser, server.url)
    return browser


def test_the_viewer_offers_every_service_discovery_lists(
    page: WebDriver, server: LiveServer
) -> None:
    discovered = [s["id"] for s in httpx.get(f"{server.url}/cds-services").json()["services"]]
    options = [
        o.get_attribute("value") for o in page.find_elements("css selector", "#service option")
    ]
    assert options == discovered
    assert set(FIXTURES) <= set(discovered)
    assert len(FIXTURES) >= 2


@pytest.mark.parametrize("service_id", sorted(FIXTURES))
def test_a_scenario_per_service_renders_its_cards_and_feedback_is_stored(
    page: WebDriver, server: LiveServer, service_id: str
) -> None:
    scenario, path = _scenario_for(service_id)
    expected = expected_cards(path)
    cards = run_fixture(page, service_id, f"{service_id}/{scenario}")

    assert _summaries(cards) == [c["summary"] for c in expected]
    for card, want in zip(cards, expected, strict=True):
        assert f"indicator-{want['indicator']}" in (card.get_attribute("class") or "").split()
    if not expected:
        assert "[]" in page.find_element("id", "status").text
        return
    card, want = cards[0], expected[0]
    card_uuid = card.get_attribute("data-uuid")
    store = _state(server).store
    if want.get("suggestions"):
        buttons = card.find_elements("css selector", "button.accept")
        assert [b.text for b in buttons] == ["Accepteren"] * len(want["suggestions"])
        suggestion_id = buttons[0].get_attribute("data-suggestion")
        buttons[0].send_keys(Keys.ENTER)  # the keyboard works as well as the mouse
        _wait_stored(page, card)
        record = next(r for r in store.feedback_for(service_id) if r.card_uuid == card_uuid)
        assert record.outcome == "accepted"
        assert record.accepted_suggestions == [suggestion_id]
        assert card.find_element("css selector", ".applied").text
    else:
        card.find_element("css selector", "button.dismiss").click()
        _wait_stored(page, card)
        record = next(r for r in store.feedback_for(service_id) if r.card_uuid == card_uuid)
        assert record.outcome == "overridden"


@pytest.mark.parametrize(("service_id", "scenario", "path"), ALL_FIXTURES)
def test_every_fixture_renders_its_reviewed_cards(
    page: WebDriver, service_id: str, scenario: str, path: Path
) -> None:
    expected = expected_cards(path)
    cards = run_fixture(page, service_id, f"{service_id}/{scenario}")
    assert _summaries(cards) == [c["summary"] for c in expected]
    for card, want in zip(cards, expected, strict=True):
        assert f"indicator-{want['indicator']}" in (card.get_attribute("class") or "").split()
        assert card.find_element("css selector", ".indicator").text
        labels = [e.text for e in card.find_elements("css selector", ".suggestion-label")]
        assert labels == [s["label"] for s in want.get("suggestions", [])]
        reasons = [
            o.text for o in card.find_elements("css selector", "select.override-reason option")
        ][1:]
        assert reasons == [r["display"] for r in want.get("overrideReasons", [])]
        links = card.find_elements("css selector", ".card-links a")
        assert [a.get_attribute("href") for a in links] == [
            link["url"] for link in want.get("links", [])
        ]
        source = card.find_element("css selector", ".card-source")
        assert want["source"]["label"] in source.text
        if "topic" in want["source"]:
            assert (
                source.find_element("css selector", "code").text == want["source"]["topic"]["code"]
            )
        if want.get("detail"):
            detail = card.find_element("css selector", ".detail")
            assert "**" not in detail.text  # Markdown rendered, not shown raw
            topic = want["source"].get("topic", {}).get("code")
            if topic and f"`{topic}`" in want["detail"]:  # the why-trace names its rule
                assert topic in [c.text for c in detail.find_elements("css selector", "code")]


def test_dismissing_with_a_reason_sends_overridden_feedback(
    page: WebDriver, server: LiveServer
) -> None:
    service_id, scenario, path = next(
        (s, sc, p)
        for s, entries in FIXTURES.items()
        for sc, p in entries
        if any(c.get("overrideReasons") for c in expected_cards(p))
    )
    cards = run_fixture(page, service_id, f"{service_id}/{scenario}")
    card = next(c for c in cards if c.find_elements("css selector", "select.override-reason"))
    reason_select = card.find_element("css selector", "select.override-reason")
    choose_in = reason_select.find_elements("css selector", "option")[1]
    choose_in.click()
    card.find_element("css selector", "input.override-comment").send_keys("al besproken in MDO")
    card.find_element("css selector", "button.dismiss").click()
    _wait_stored(page, card)
    want = next(
        c
        for c in expected_cards(path)
        if c["summary"] == card.find_element("css selector", ".summary").text
    )
    record = next(
        r
        for r in _state(server).store.feedback_for(service_id)
        if r.card_uuid == card.get_attribute("data-uuid")
    )
    assert record.outcome == "overridden"
    assert record.override_reason == {
        "reason": want["overrideReasons"][0],
        "userComment": "al besproken in MDO",
    }
    assert all(not b.is_enabled() for b in card.find_elements("css selector", "button"))


def test_the_raw_exchange_is_shown_like_the_sandbox(page: WebDriver) -> None:
    service_id = sorted(FIXTURES)[0]
    scenario, path = _scenario_for(service_id)
    fixture = load(path)
    run_fixture(page, service_id, f"{service_id}/{scenario}")
    first = raw_json(page, "raw-request")
    request_text = page.find_element("id", "raw-request").get_attribute("textContent") or ""
    assert request_text.startswith(f"POST /cds-services/{service_id}\n")
    assert "Accept-Language: nl" in request_text
    assert first["hook"] == fixture["hook"]
    uuid.UUID(first["hookInstance"])
    assert first["context"]["patientId"] == fixture["context"]["patientId"]
    assert first["context"]["draftOrders"] == fixture["context"]["draftOrders"]
    assert first["prefetch"] == fixture["prefetch"]
    assert "fhirServer" not in first  # everything is prefetched, as the fixture says
    response = raw_json(page, "raw-response")
    shown = [
        c.get_attribute("data-uuid") or ""
        for c in page.find_elements("css selector", "#cards article")
    ]
    assert sorted(shown) == sorted(c["uuid"] for c in response["cards"])
    call_service(page)
    assert raw_json(page, "raw-request")["hookInstance"] != first["hookInstance"]
    discovery = raw_json(page, "raw-discovery")
    assert service_id in [s["id"] for s in discovery["services"]]


def test_switching_to_english_calls_again_with_accept_language_en(
    page: WebDriver, server: LiveServer
) -> None:
    service_id = sorted(FIXTURES)[0]
    scenario, path = _scenario_for(service_id)
    run_fixture(page, service_id, f"{service_id}/{scenario}")
    before = int(page.find_element("tag name", "body").get_attribute("data-calls") or 0)
    choose(page, "language", "en")
    WebDriverWait(page, 20).until(
        lambda d: int(d.find_element("tag name", "body").get_attribute("data-calls") or 0) > before
    )
    english = httpx.post(
        f"{server.url}/cds-services/{service_id}",
        json=load(path),
        headers={"Accept-Language": "en"},
    ).json()["cards"]
    summaries = [e.text for e in page.find_elements("css selector", "#cards .summary")]
    assert sorted(summaries) == sorted(c["summary"] for c in english)
    assert summaries != [c["summary"] for c in expected_cards(path)] or not english
    assert page.find_element("tag name", "html").get_attribute("lang") == "en"
    assert page.find_element("id", "call").text == "Call service"
    assert "Accept-Language: en" in (
        page.find_element("id", "raw-request").get_attribute("textContent") or ""
    )


def test_every_form_control_has_a_label_and_calls_work_from_the_keyboard(page: WebDriver) -> None:
    unlabelled = page.execute_script(
        """
        return [...document.querySelectorAll('input, select, textarea')]
          .filter((c) => c.labels.length === 0 && !c.getAttribute('aria-label'))
          .map((c) => c.outerHTML);
        """
    )
    assert unlabelled == []
    before = int(page.find_element("tag name", "body").get_attribute("data-calls") or 0)
    page.find_element("id", "call").send_keys(Keys.ENTER)
    WebDriverWait(page, 20).until(
        lambda d: int(d.find_element("tag name", "body").get_attribute("data-calls") or 0) > before
    )
    assert page.find_elements("css selector", "#cards article.card")
    unlabelled_cards = page.execute_script(
        """
        return [...document.querySelectorAll('#cards input, #cards select')]
          .filter((c) => c.labels.length === 0).length;
        """
    )
    assert unlabelled_cards == 0


def _lhermitte() -> tuple[str, str, Path]:
    for service_id, entries in FIXTURES.items():
        for scenario, path in entries:
            if scenario == "lhermitte-12h":
                return service_id, scenario, path
    raise AssertionError("the lhermitte-12h fixture is gone")


@pytest.mark.parametrize(
    ("order", "resource_type", "code"),
    [
        pytest.param("dexamethasone", "MedicationRequest", "H02AB02", id="dexamethasone"),
        pytest.param("radiotherapy", "ServiceRequest", "1217123003", id="radiotherapy"),
        pytest.param("referral", "ServiceRequest", "3457005", id="referral"),
        pytest.param("pembrolizumab", "MedicationRequest", "L01FF02", id="pembrolizumab"),
        pytest.param("mri-spine", "ServiceRequest", "241645008", id="mri-spine"),
    ],
)
def test_a_catalogue_draft_order_is_sent_as_the_ehr_would(
    page: WebDriver, server: LiveServer, order: str, resource_type: str, code: str
) -> None:
    service_id, scenario, path = _lhermitte()
    cards = run_fixture(page, service_id, f"{service_id}/{scenario}", order=order)
    sent = raw_json(page, "raw-request")["context"]["draftOrders"]["entry"][0]["resource"]
    assert sent["resourceType"] == resource_type
    concept = sent.get("code") or sent.get("medicationCodeableConcept")
    assert code in [c["code"] for c in concept["coding"]]
    assert sent["subject"] == {"reference": f"Patient/{load(path)['context']['patientId']}"}
    assert sent["status"] == "draft"
    if order == "mri-spine":  # the same MRI order as the fixture's: the same advice
        assert _summaries(cards) == [c["summary"] for c in expected_cards(path)]
    # whatever the service advises on this order, the page shows exactly that
    sent_request = raw_json(page, "raw-request")
    again = httpx.post(f"{server.url}/cds-services/{service_id}", json=sent_request).json()["cards"]
    assert _summaries(cards) == [
        c["summary"]
        for c in sorted(again, key=lambda card: INDICATOR_ORDER.index(card["indicator"]))
    ]


def test_catalogue_orders_are_valid_fhir_r4(page: WebDriver) -> None:
    from fhir.resources.R4B.medicationrequest import MedicationRequest
    from fhir.resources.R4B.servicerequest import ServiceRequest

    built: dict[str, Any] = page.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        import('/viewer/static/orders.js').then((m) => done(Object.fromEntries(
          Object.entries(m.CATALOGUE).map(([id, e]) =>
            [id, e.build('pat-1', 'Practitioner/prac-1', '2026-11-23T10:00:00.000Z')]))));
        """
    )
    assert set(built) == {"mri-spine", "dexamethasone", "radiotherapy", "referral", "pembrolizumab"}
    for resource in built.values():
        model = (
            MedicationRequest if resource["resourceType"] == "MedicationRequest" else ServiceRequest
        )
        model.model_validate(resource)
