"""One canonical base for our CodeSystems and Questionnaire, whatever the host, port or URL.

EHR builds (flowsheet rows, questionnaires) store our codes under the canonical base, so it must
not follow `CDS_PUBLIC_BASE_URL` or `--port`. Data recorded under the old default
(`http://127.0.0.1:8765/fhir`) or under this deployment's `{public}/fhir` still counts; any other
base ending in our CodeSystem's path is a near miss: not read, said on the card, logged once.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.build import INPUT
from fixtures.replay import fixture_app, strip_uuids
from hooks.spinal_metastases.reading import answers
from service.settings import LEGACY_CANONICAL_BASE, PRODUCT_CANONICAL_BASE, Settings
from tests.service.fhir_support import SIGN, fixture_request

OUR_PATH = "/CodeSystem/metastasis-cds-input"


def _recoded(request: dict[str, Any], base: str) -> dict[str, Any]:
    """The request with every answer coded under `base` instead of the product's canonical."""
    recoded: dict[str, Any] = json.loads(json.dumps(request).replace(INPUT, base + OUR_PATH))
    return recoded


def _cards(request: dict[str, Any], **settings: Any) -> list[dict[str, Any]]:
    with TestClient(fixture_app(**settings)) as client:
        response = client.post(SIGN, json=request)
    assert response.status_code == 200, response.text
    cards: list[dict[str, Any]] = strip_uuids(response.json())["cards"]
    return cards


@pytest.fixture(autouse=True)
def _fresh_near_miss_log() -> None:
    answers._NEAR_MISSES.clear()


def test_the_default_canonical_is_the_products_own_whatever_the_public_url() -> None:
    served = []
    for public in ("http://127.0.0.1:8765", "http://127.0.0.1:9000"):
        with TestClient(fixture_app(public_base_url=public)) as client:
            served.append(client.get("/fhir/CodeSystem/metastasis-cds-input").json()["url"])
    live = Settings(public_base_url="https://cds.hospital.example", trusted_issuers=())
    assert live.canonical_base == PRODUCT_CANONICAL_BASE
    assert served == [PRODUCT_CANONICAL_BASE + OUR_PATH] * 2


def test_a_set_canonical_is_used_and_the_aliases_never_repeat_it() -> None:
    settings = Settings(canonical_base_url="https://terminology.hospital.example/fhir/")
    assert settings.canonical_base == "https://terminology.hospital.example/fhir"
    assert settings.canonical_aliases == (LEGACY_CANONICAL_BASE, "http://127.0.0.1:8765/fhir")[:1]
    local = Settings(public_base_url="http://127.0.0.1:9000")
    assert local.canonical_aliases == (LEGACY_CANONICAL_BASE, "http://127.0.0.1:9000/fhir")


def test_a_canonical_that_is_not_an_absolute_url_is_refused() -> None:
    with pytest.raises(ValueError, match="canonical_base_url"):
        Settings(canonical_base_url="metastasis-cds/fhir")


def test_a_fixture_patient_gives_the_same_cards_on_port_8765_and_9000() -> None:
    request = fixture_request("lhermitte-12h")
    on_8765 = _cards(request, public_base_url="http://127.0.0.1:8765")
    on_9000 = _cards(request, public_base_url="http://127.0.0.1:9000")
    assert on_8765 == on_9000
    assert on_9000[0]["source"]["topic"]["code"] == "SM-MRI-12h"


@pytest.mark.parametrize(
    ("base", "public"),
    [
        pytest.param(LEGACY_CANONICAL_BASE, "http://127.0.0.1:9000", id="pre-0.2-default"),
        pytest.param("http://127.0.0.1:9000/fhir", "http://127.0.0.1:9000", id="own-public-url"),
    ],
)
def test_answers_under_an_alias_still_count(base: str, public: str) -> None:
    expected = _cards(fixture_request("lhermitte-12h"))
    assert _cards(_recoded(fixture_request("lhermitte-12h"), base), public_base_url=public) == (
        expected
    )


def test_a_near_miss_is_not_read_is_said_on_the_card_and_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    wrong = "https://cds.acceptance.hospital.example/fhir"
    request = _recoded(fixture_request("lhermitte-12h"), wrong)
    answered = len(json.dumps(request).split(wrong + OUR_PATH)) - 1
    with caplog.at_level(logging.WARNING, logger="hooks.input_contract"):
        first = _cards(request)
        second = _cards(request)
    card = first[0]
    assert "Niet te beslissen met de geregistreerde gegevens" in card["detail"]  # not read
    assert "**ja** — Observation/" not in card["detail"]
    assert f"niet herkend: gecodeerd in `{wrong}{OUR_PATH}`" in card["detail"]
    assert first == second
    lines = [r for r in caplog.records if r.getMessage().startswith("answers in our CodeSystem")]
    assert len(lines) == 1  # once per system, not once per call
    assert lines[0].system == wrong + OUR_PATH  # type: ignore[attr-defined]
    assert lines[0].count >= 1  # type: ignore[attr-defined]
    assert lines[0].expected == PRODUCT_CANONICAL_BASE + OUR_PATH  # type: ignore[attr-defined]
    assert answered >= lines[0].count  # type: ignore[attr-defined]


def test_the_near_miss_log_repeats_at_each_power_of_ten() -> None:
    system = "https://elsewhere.example/fhir" + OUR_PATH
    logged: list[dict[str, Any]] = []
    for _ in range(12):
        before = len(logged)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(answers.log, "warning", lambda *_a, **kw: logged.append(kw["extra"]))
            answers.log_near_misses(((system, 1),), PRODUCT_CANONICAL_BASE)
        assert len(logged) - before in (0, 1)
    assert [entry["count"] for entry in logged] == [1, 10]
