"""The official CDS Hooks sandbox as a real, independent client of the service, end to end.

Three servers, as an integrator sets them up (README, "The CDS Hooks sandbox on an offline test
network"): the offline sandbox build from `../shared/cds-hooks-sandbox/` on a static server,
the suite's FHIR test server loaded with `python -m fixtures.load --as-of now`, and the
service with authentication on, trusting the sandbox issuer (`test_only`) with its key set
pinned from the file beside the build, so the sandbox's ES384 tokens are verified offline.
Debian's Chromium drives the sandbox's own screens (Patient View, Rx View, Rx Sign, PAMA
Imaging) exactly as a person would, in the one browser session of the suite.

What is checked: the sandbox renders exactly the cards the service answered (summary,
indicator, suggestion labels); the answers carry the rules the reviewed fixtures expect for
those patients, although the sandbox codes drafted medication in RxNorm only and imaging in
CPT only; Accept and Dismiss store feedback, read back from the SQLite file of the store.
The module's run time is reported at the end.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fixtures import load
from fixtures.fhir_server import FhirTestServer
from fixtures.replay import fixture_requests
from fixtures.replay import load as read_json
from hooks import SERVICES, published_resources
from service.app import create_app
from service.settings import Settings
from tests.conftest import SHARED, requires_shared
from tests.fhir_test_server import RunningFhirServer, running_fhir_server
from tests.viewer.conftest import LiveServer, live_server

SANDBOX_DIR = requires_shared(SHARED / "cds-hooks-sandbox" / "index.html").parent
# The sandbox's issuer and key set URL, as its tokens name them (../shared ABOUT.md).
SANDBOX_ISS = "https://sandbox.cds-hooks.org"
SANDBOX_JKU = "https://sandbox.cds-hooks.org/.well-known/jwks.json"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
CPT = "http://www.ama-assn.org/go/cpt"
DEXAMETHASONE_4MG_TABLET = "Dexamethasone 4 MG Oral Tablet"  # RxNorm 197582 in the sandbox
MRI_THORACIC_SPINE = "thoracic; without contrast material"  # CPT 72146 in the sandbox
WAIT_S = 30
# The sandbox drops keystrokes typed quickly into its medication field (ABOUT.md).
KEY_INTERVAL_S = 0.3


@dataclass(frozen=True)
class Call:
    """One hook call the service answered: which service, what was sent, what came back."""

    service_id: str
    request: dict[str, Any]
    response: dict[str, Any]

    @property
    def patient(self) -> str | None:
        context = self.request.get("context")
        return context.get("patientId") if isinstance(context, dict) else None

    def draft_codings(self) -> list[tuple[str, str]]:
        """(system, code) of every coding of the draft orders, in order."""
        drafts = self.request.get("context", {}).get("draftOrders", {}).get("entry", [])
        found: list[tuple[str, str]] = []
        for entry in drafts:
            resource = entry.get("resource", {})
            concept = resource.get("medicationCodeableConcept") or resource.get("code") or {}
            found += [(c.get("system", ""), c.get("code", "")) for c in concept.get("coding", [])]
        return found


@dataclass
class CallRecorder:
    """ASGI middleware keeping every hook call and its answer, for the test to compare with."""

    app: ASGIApp
    calls: list[Call] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "POST" or path.endswith("/feedback"):
            await self.app(scope, receive, send)
            return
        service_id = path.rpartition("/cds-services/")[2]
        sent = bytearray()
        answered = bytearray()
        status = 0

        async def receiving() -> Message:
            message = await receive()
            sent.extend(message.get("body", b""))
            return message

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                answered.extend(message.get("body", b""))
            await send(message)

        await self.app(scope, receiving, sending)
        if status == 200 and service_id:
            self.calls.append(Call(service_id, json.loads(sent), json.loads(answered)))


@dataclass
class Rig:
    """The three servers and the browser, for one module."""

    driver: WebDriver
    sandbox_origin: str
    fhir: RunningFhirServer
    service: LiveServer
    recorder: CallRecorder
    database: Path

    def open(self, screen: str, hook: str, patient: str) -> None:
        """The sandbox on one of its screens for a patient, pointed at our FHIR server and service."""
        query = urllib.parse.urlencode(
            {
                "fhirServiceUrl": self.fhir.base_url,
                "patientId": patient,
                "serviceDiscoveryURL": f"{self.service.url}/cds-services",
                "screen": screen,
                "hook": hook,
            }
        )
        self.recorder.calls.clear()
        self.driver.get(f"{self.sandbox_origin}/?{query}")
        WebDriverWait(self.driver, WAIT_S).until(
            lambda d: patient in d.find_element("tag name", "body").text
        )

    def answered(self, hook: str, patient: str, when: Callable[[Call], bool]) -> list[Call]:
        """The last call per service of this hook for this patient that `when` accepts, once every
        service of the hook has had one; the order is the registry's."""
        wanted = [s.id for s in SERVICES if s.hook == hook]
        latest: dict[str, Call] = {}

        def complete(_: WebDriver) -> bool:
            for call in list(self.recorder.calls):
                if call.service_id in wanted and call.patient == patient and when(call):
                    latest[call.service_id] = call
            return set(latest) == set(wanted)

        WebDriverWait(self.driver, WAIT_S).until(complete)
        return [latest[service_id] for service_id in wanted]


@dataclass(frozen=True)
class Shown:
    """A card as the sandbox renders it."""

    summary: str
    indicator: str
    suggestions: tuple[str, ...]


_INDICATOR = re.compile(r"card-list__alert-(\w+)___")


def card_elements(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements("css selector", "div[class*='card-list__decision-card']")


def shown(card: WebElement) -> Shown:
    match = _INDICATOR.search(card.get_attribute("class") or "")
    return Shown(
        summary=card.find_element("css selector", "p.MuiTypography-root").text.strip(),
        indicator=match.group(1) if match else "",
        suggestions=tuple(
            b.text for b in card.find_elements("css selector", "button.MuiButton-contained")
        ),
    )


def answered_cards(calls: list[Call]) -> list[Shown]:
    return [
        Shown(
            card["summary"],
            card["indicator"],
            tuple(s["label"] for s in card.get("suggestions", [])),
        )
        for call in calls
        for card in call.response["cards"]
    ]


def rendered_as_answered(driver: WebDriver, calls: list[Call]) -> list[WebElement]:
    """Waits until the sandbox shows exactly the answered cards (in any order); the elements."""
    want = sorted(answered_cards(calls), key=repr)
    seen: list[Shown] = []

    def same(d: WebDriver) -> bool:
        nonlocal seen
        try:
            seen = sorted((shown(card) for card in card_elements(d)), key=repr)
        except StaleElementReferenceException:
            return False
        return seen == want

    try:
        WebDriverWait(driver, WAIT_S).until(same)
    except TimeoutException:
        pytest.fail(f"the sandbox shows {seen}, the service answered {want}", pytrace=False)
    return card_elements(driver)


def rules(call: Call) -> set[tuple[str, str]]:
    """(rule id, indicator) of every card of an answer."""
    return {(c["source"]["topic"]["code"], c["indicator"]) for c in call.response["cards"]}


def fixture_rules(name: str) -> set[tuple[str, str]]:
    """(rule id, indicator) of a fixture's reviewed cards (`<service-id>/<scenario>`)."""
    path = next(p for s, n, p in fixture_requests() if f"{s}/{n}" == name)
    cards = read_json(path.with_name(path.name.replace(".request.json", ".cards.json")))
    return {(c["source"]["topic"]["code"], c["indicator"]) for c in cards["cards"]}


def of_service(calls: list[Call], service_id: str) -> Call:
    return next(call for call in calls if call.service_id == service_id)


def type_slowly(element: WebElement, text: str) -> None:
    for key in text:
        element.send_keys(key)
        time.sleep(KEY_INTERVAL_S)


def draft_medication(driver: WebDriver, label: str) -> None:
    """Types into the sandbox's medication field and picks `label` from its suggestions."""
    field_ = driver.find_element("css selector", "input[name='medication-input']")
    type_slowly(field_, "dexa")
    WebDriverWait(driver, WAIT_S).until(
        lambda d: any(
            e.text == label for e in d.find_elements("css selector", "form ul [role='button']")
        )
    )
    next(
        e
        for e in driver.find_elements("css selector", "form ul [role='button']")
        if e.text == label
    ).click()


def draft_imaging(driver: WebDriver, code: str, label_part: str) -> None:
    """Searches the PAMA screen's order list for a CPT code and picks the matching order."""
    search = driver.find_elements("css selector", "input[id^='react-select-'][id$='-input']")[0]
    type_slowly(search, code)
    option = "[id^='react-select-'][id*='-option-']"
    WebDriverWait(driver, WAIT_S).until(
        lambda d: any(label_part in e.text for e in d.find_elements("css selector", option))
    )
    next(e for e in driver.find_elements("css selector", option) if label_part in e.text).click()


def stored_feedback(database: Path, card_uuid: str) -> list[tuple[str, Any]]:
    """(outcome, acceptedSuggestions) rows of one card, read from the store's SQLite file."""
    deadline = time.monotonic() + WAIT_S
    while True:
        with sqlite3.connect(database) as connection:
            rows = connection.execute(
                "SELECT outcome, accepted_suggestions FROM feedback WHERE card_uuid = ?",
                (card_uuid,),
            ).fetchall()
        if rows or time.monotonic() > deadline:
            return [(outcome, json.loads(a) if a else None) for outcome, a in rows]
        time.sleep(0.1)


def card_uuid(calls: list[Call], summary: str) -> str:
    for call in calls:
        for card in call.response["cards"]:
            if card["summary"] == summary:
                return str(card["uuid"])
    raise AssertionError(f"no answered card has the summary {summary!r}")


# --- the servers ----------------------------------------------------------------------------


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The sandbox's harmless 404s (styles.css, favicon) stay out of the test output."""


@pytest.fixture(scope="module")
def sandbox_origin() -> Iterator[str]:
    """The offline sandbox build on a static server; `localhost`, as its notes open it."""
    handler = functools.partial(_QuietFiles, directory=str(SANDBOX_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="sandbox-static", daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def fhir_as_of_now() -> Iterator[RunningFhirServer]:
    """An empty FHIR test server, loaded as an integrator loads theirs: `fixtures.load`."""
    with running_fhir_server(FhirTestServer(bundles=[])) as running:
        assert load.main(["--fhir", running.base_url, "--as-of", "now"]) == 0
        yield running


@pytest.fixture(scope="module")
def rig(
    browser: WebDriver,
    sandbox_origin: str,
    fhir_as_of_now: RunningFhirServer,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[Rig]:
    """The service with authentication on, trusting the sandbox with its keys pinned offline."""
    database = tmp_path_factory.mktemp("sandbox") / "feedback.sqlite3"

    def app_at(url: str) -> FastAPI:
        settings = Settings(
            database_url=f"sqlite:///{database}",
            public_base_url=url,
            cors_allowed_origins=[sandbox_origin],
            trusted_issuers=[
                {
                    "iss": SANDBOX_ISS,
                    "allowed_jku": [SANDBOX_JKU],
                    "jwks_file": str(SANDBOX_DIR / ".well-known" / "jwks.json"),
                    "fhir_servers": [fhir_as_of_now.base_url],
                    "test_only": True,
                }
            ],
        )
        app = create_app(settings, SERVICES, published=published_resources)
        app.add_middleware(CallRecorder)
        return app

    started = time.monotonic()
    with live_server(app_at) as service:
        # Built by the server's first message (lifespan); the recorder is one layer of it.
        recording = _find_recorder(service.app.middleware_stack)
        yield Rig(browser, sandbox_origin, fhir_as_of_now, service, recording, database)
    _report(
        request.config,
        f"CDS Hooks sandbox end to end: {time.monotonic() - started:.1f} s "
        "(sandbox, FHIR test server and service, one browser session)",
    )


def _report(config: pytest.Config, line: str) -> None:
    """One line on the terminal, past output capture (the run time is for the reader)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(line)


def _find_recorder(app: Any) -> CallRecorder:
    """The recorder inside the built middleware stack (each middleware holds the next as `app`)."""
    while not isinstance(app, CallRecorder):
        app = app.app
    return app


# --- the screens ----------------------------------------------------------------------------

SPINE_PATIENT_VIEW = "spinal-metastases-patient-view"
PATIENT_VIEW = [
    # pat-spine-03 has no patient-view fixture: its urgency is that of its order-sign fixture.
    pytest.param(
        "pat-spine-03",
        SPINE_PATIENT_VIEW,
        "spinal-metastases-order-sign/lhermitte-12h",
        id="pat-spine-03",
    ),
    pytest.param(
        "pat-tx-03",
        SPINE_PATIENT_VIEW,
        f"{SPINE_PATIENT_VIEW}/mescc-deficit-both-options-urgent-consultation",
        id="pat-tx-03",
    ),
    pytest.param(
        "pat-liver-01",
        "liver-metastases-patient-view",
        "liver-metastases-patient-view/colorectal-liver-metastases-refer-to-panel",
        id="pat-liver-01",
    ),
]


@pytest.mark.parametrize(("patient", "service_id", "fixture"), PATIENT_VIEW)
def test_patient_view_shows_the_cards_the_fixtures_expect(
    rig: Rig, patient: str, service_id: str, fixture: str
) -> None:
    rig.open("patient-view", "patient-view", patient)
    calls = rig.answered("patient-view", patient, lambda call: True)
    rendered_as_answered(rig.driver, calls)
    assert fixture_rules(fixture) <= rules(of_service(calls, service_id))


def _sent_dexamethasone_in_rxnorm(call: Call) -> bool:
    return (RXNORM, "197582") in call.draft_codings()


def test_rx_view_dexamethasone_in_rxnorm_gets_the_biopsy_first_card(rig: Rig) -> None:
    patient = "pat-steroid-02"  # haematological malignancy suspected, no biopsy yet
    rig.open("rx-view", "order-select", patient)
    draft_medication(rig.driver, DEXAMETHASONE_4MG_TABLET)
    calls = rig.answered("order-select", patient, _sent_dexamethasone_in_rxnorm)
    spine = of_service(calls, "spinal-metastases-order-select")
    assert {system for system, _ in spine.draft_codings()} == {RXNORM}  # RxNorm only
    rendered_as_answered(rig.driver, calls)
    expected = fixture_rules(
        "spinal-metastases-order-sign/steroid-haematological-suspicion-biopsy-first"
    )
    assert expected <= rules(spine)


def test_rx_sign_dexamethasone_in_rxnorm_gets_the_biopsy_first_card_and_accept_is_stored(
    rig: Rig,
) -> None:
    patient = "pat-steroid-02"
    rig.open("rx-sign", "order-sign", patient)
    draft_medication(rig.driver, DEXAMETHASONE_4MG_TABLET)
    rig.driver.find_element("xpath", "//button[normalize-space()='Sign Order']").click()
    calls = rig.answered("order-sign", patient, _sent_dexamethasone_in_rxnorm)
    cards = rendered_as_answered(rig.driver, calls)
    expected = fixture_rules(
        "spinal-metastases-order-sign/steroid-haematological-suspicion-biopsy-first"
    )
    assert expected <= rules(of_service(calls, "spinal-metastases-order-sign"))
    card = next(c for c in cards if shown(c).suggestions)
    summary = shown(card).summary
    uuid = card_uuid(calls, summary)
    suggestion = next(
        s
        for call in calls
        for c in call.response["cards"]
        if c["uuid"] == uuid
        for s in c["suggestions"]
    )
    card.find_element("css selector", "button.MuiButton-contained").click()
    assert stored_feedback(rig.database, uuid) == [("accepted", [suggestion["uuid"]])]


def test_pama_spine_mri_in_cpt_gets_the_12_hour_card_and_dismiss_is_stored(rig: Rig) -> None:
    patient = "pat-spine-12"  # bilateral deficit: MRI within 12 hours
    rig.open("pama", "order-select", patient)
    draft_imaging(rig.driver, "72146", MRI_THORACIC_SPINE)
    calls = rig.answered(
        "order-select", patient, lambda call: (CPT, "72146") in call.draft_codings()
    )
    spine = of_service(calls, "spinal-metastases-order-select")
    assert {system for system, _ in spine.draft_codings()} == {CPT}  # CPT only
    cards = rendered_as_answered(rig.driver, calls)
    expected = fixture_rules("spinal-metastases-order-select/order-select-bilateral-deficit-12h")
    assert expected <= rules(spine)
    card = cards[0]
    uuid = card_uuid(calls, shown(card).summary)
    card.find_element("xpath", ".//button[normalize-space()='Dismiss']").click()
    assert stored_feedback(rig.database, uuid) == [("overridden", None)]
