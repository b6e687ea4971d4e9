"""The two screenshots the README shows, written to out/viewer/ (`make screenshots` copies them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.viewer.conftest import LiveServer, choose, open_viewer, run_fixture, screenshot

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def tall(browser: WebDriver) -> Iterator[WebDriver]:
    browser.set_window_size(1280, 1500)
    try:
        yield browser
    finally:
        browser.set_window_size(1280, 1000)


def test_screenshot_of_a_card_in_dutch(tall: WebDriver, server: LiveServer) -> None:
    open_viewer(tall, server.url)
    service_id = "spinal-metastases-order-sign"
    cards = run_fixture(tall, service_id, f"{service_id}/lhermitte-12h")
    assert [c.get_attribute("class") for c in cards] == ["card indicator-critical"]
    path = screenshot(tall, "viewer-card-nl")
    assert path.read_bytes().startswith(PNG)


def test_screenshot_of_the_developer_panel_in_english(tall: WebDriver, server: LiveServer) -> None:
    open_viewer(tall, server.url)
    choose(tall, "language", "en")
    service_id = "spinal-metastases-order-select"
    cards = run_fixture(tall, service_id, f"{service_id}/order-select-bilateral-deficit-12h")
    assert cards
    tall.execute_script(
        "document.getElementById('developer-heading').scrollIntoView({block: 'start'})"
    )
    path = screenshot(tall, "viewer-developer-en")
    assert path.read_bytes().startswith(PNG)
