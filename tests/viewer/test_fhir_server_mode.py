"""The viewer pointed at a FHIR server with a token: prefetch in the browser, or left to the service.

The server is the suite's FHIR test server (`fixtures/fhir_server.py`): every fixture patient,
CORS for the browser's prefetch, and a record of each request with its Authorization header.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from fixtures.replay import load
from tests.fhir_test_server import RunningFhirServer
from tests.viewer.conftest import (
    LiveServer,
    call_service,
    choose,
    expected_cards,
    fixtures_by_service,
    open_viewer,
    raw_json,
)

TOKEN = "ehr-access-token-0123456789-abcdefghij"


def _authorizations(fhir: RunningFhirServer) -> list[str | None]:
    """The Authorization header of every request the FHIR test server answered, in order."""
    return [recorded.authorization for recorded in fhir.server.requests]


def _lhermitte() -> tuple[str, dict[str, object]]:
    for service_id, entries in fixtures_by_service().items():
        for scenario, path in entries:
            if scenario == "lhermitte-12h":
                return service_id, {"path": path, "request": load(path)}
    raise AssertionError("the lhermitte-12h fixture is gone")


@pytest.mark.parametrize(
    "browser_prefetch", [True, False], ids=["viewer-prefetches", "service-fetches"]
)
def test_a_fhir_server_patient_gives_the_same_cards_as_the_fixture(
    browser: WebDriver,
    server: LiveServer,
    fhir_test_server: RunningFhirServer,
    browser_prefetch: bool,
) -> None:
    service_id, fixture = _lhermitte()
    request = fixture["request"]
    assert isinstance(request, dict)
    open_viewer(browser, server.url)
    choose(browser, "service", service_id)
    browser.find_element("css selector", "input[name=source][value=fhir]").click()
    browser.find_element("id", "fhir-url").send_keys(fhir_test_server.base_url)
    browser.find_element("id", "fhir-token").send_keys(TOKEN)
    browser.find_element("id", "patient-id").send_keys(request["context"]["patientId"])
    prefetch_box = browser.find_element("id", "browser-prefetch")
    if prefetch_box.is_selected() != browser_prefetch:
        prefetch_box.click()
    choose(browser, "order", "mri-spine")
    fhir_test_server.server.requests.clear()
    call_service(browser)

    summaries = [e.text for e in browser.find_elements("css selector", "#cards .summary")]
    assert summaries == [c["summary"] for c in expected_cards(fixture["path"])]  # type: ignore[arg-type]
    sent = raw_json(browser, "raw-request")
    assert sent["fhirServer"] == fhir_test_server.base_url
    assert sent["fhirAuthorization"]["token_type"] == "Bearer"
    assert sent["fhirAuthorization"]["patient"] == request["context"]["patientId"]
    # the FHIR server saw the token; the page never shows it whole
    assert _authorizations(fhir_test_server)
    assert set(_authorizations(fhir_test_server)) == {f"Bearer {TOKEN}"}
    shown = browser.find_element("id", "raw-request").get_attribute("textContent") or ""
    assert TOKEN not in shown
    if browser_prefetch:
        assert set(sent["prefetch"]) == set(request["prefetch"])
        assert "# prefetch in the viewer" in shown
    else:
        assert "prefetch" not in sent


def test_the_fhir_server_fields_are_required(browser: WebDriver, server: LiveServer) -> None:
    open_viewer(browser, server.url)
    browser.find_element("css selector", "input[name=source][value=fhir]").click()
    browser.find_element("id", "call").click()
    assert (
        browser.find_element("id", "status").text == "Vul de FHIR-basis-URL en het patiënt-id in."
    )
    assert browser.find_elements("css selector", "#cards article") == []
