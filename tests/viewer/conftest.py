"""The real service under uvicorn on a free loopback port, and Debian's Chromium driving the viewer.

The browser is the system's (`/usr/bin/chromium` with `/usr/bin/chromedriver`, installed by
`make test`); nothing is downloaded. Screenshots go to `out/viewer/` (ignored by git). The FHIR
server the viewer reads in its FHIR-server mode is the suite's one FHIR test server
(`fixtures/fhir_server.py`, holding every fixture patient), not a stand-in of its own.
"""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from fixtures.replay import fixture_app, fixture_requests, load
from tests.conftest import REPO
from tests.fhir_test_server import RunningFhirServer

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = REPO / "out" / "viewer"
INDICATOR_ORDER = ("critical", "warning", "info")
# Flags that work on these machines: no sandbox as root, and no background calls to the internet.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
)


@dataclass
class LiveServer:
    app: FastAPI
    url: str


@contextmanager
def live_server(app: FastAPI | Callable[[str], FastAPI]) -> Iterator[LiveServer]:
    """Serve `app` with uvicorn in a thread on a free 127.0.0.1 port until the block ends.

    `app` may be a function of the server's URL, for apps that must know their public URL.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    if not isinstance(app, FastAPI):
        app = app(f"http://127.0.0.1:{port}")
    config = uvicorn.Config(app, log_level="warning", ws="none", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            thread.join(0.05)
        if not server.started:
            raise RuntimeError("uvicorn did not start")
        yield LiveServer(app, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="session")
def server(
    tmp_path_factory: pytest.TempPathFactory, fhir_test_server_session: RunningFhirServer
) -> Iterator[LiveServer]:
    """The service as `make serve` runs it (local demo mode), on a temporary SQLite store.

    Its FHIR allow-list holds the suite's one FHIR test server (`tests/fhir_test_server.py`),
    so the viewer's FHIR-server mode can leave the fetching to the service; a test that uses
    that server takes the `fhir_test_server` fixture, which resets it around the test.
    """
    database = tmp_path_factory.mktemp("viewer") / "feedback.sqlite3"
    app = fixture_app(
        database_url=f"sqlite:///{database}",
        local_demo=True,
        fhir_server_allowlist=[fhir_test_server_session.base_url],
    )
    with live_server(app) as running:
        yield running


def chromium(download_dir: Path | None = None) -> WebDriver:
    """A fresh headless Chromium with its own empty profile."""
    if shutil.which(CHROMIUM) is None or shutil.which(CHROMEDRIVER) is None:
        pytest.fail(
            "Debian's chromium and chromium-driver are needed: `make test` installs them "
            "(apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='viewer-chromium-')}")
    if download_dir is not None:
        options.add_experimental_option("prefs", {"download.default_directory": str(download_dir)})
    return webdriver.Chrome(options=options, service=DriverService(CHROMEDRIVER))


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    driver = chromium()
    try:
        yield driver
    finally:
        driver.quit()


def open_viewer(driver: WebDriver, base_url: str) -> None:
    driver.get(f"{base_url}/viewer")
    WebDriverWait(driver, 20).until(
        lambda d: d.find_element("tag name", "body").get_attribute("data-ready") == "true"
    )


def calls(driver: WebDriver) -> int:
    return int(driver.find_element("tag name", "body").get_attribute("data-calls") or 0)


def call_service(driver: WebDriver) -> None:
    """Press the call button and wait until the page has shown the answer."""
    before = calls(driver)
    driver.find_element("id", "call").click()
    WebDriverWait(driver, 20).until(lambda d: calls(d) > before)


def choose(driver: WebDriver, element_id: str, value: str) -> None:
    Select(driver.find_element("id", element_id)).select_by_value(value)


def run_fixture(
    driver: WebDriver, service_id: str, fixture: str, order: str = "fixture"
) -> list[WebElement]:
    """Call `service_id` for a fixture patient (`<service>/<scenario>`); the rendered cards."""
    choose(driver, "service", service_id)
    choose(driver, "fixture", fixture)
    if driver.find_element("id", "order-fields").is_displayed():
        choose(driver, "order", order)
    call_service(driver)
    return driver.find_elements("css selector", "#cards article.card")


def expected_cards(request_path: Path) -> list[dict[str, Any]]:
    """The reviewed expected cards of a fixture, in the order the viewer shows them."""
    cards_path = request_path.with_name(request_path.name.replace(".request.json", ".cards.json"))
    cards: list[dict[str, Any]] = load(cards_path)["cards"]
    return sorted(cards, key=lambda card: INDICATOR_ORDER.index(card["indicator"]))


def fixtures_by_service() -> dict[str, list[tuple[str, Path]]]:
    found: dict[str, list[tuple[str, Path]]] = {}
    for service_id, scenario, path in fixture_requests():
        found.setdefault(service_id, []).append((scenario, path))
    return found


def raw_json(driver: WebDriver, element_id: str) -> Any:
    """The JSON body shown in a developer-panel block (after its request or status lines)."""
    text = driver.find_element("id", element_id).get_attribute("textContent") or ""
    return json.loads(text[text.index("\n{") :])


def screenshot(driver: WebDriver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
