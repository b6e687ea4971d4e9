"""Fixture patients replay relative to today, so the demo shows the same advice on any day."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient

from fixtures.build import NOW
from fixtures.replay import strip_uuids
from hooks import SERVICES, published_resources
from service.app import create_app
from service.settings import Settings
from service.viewer.fixtures import shift_dates


def test_shift_keeps_precision_and_zone() -> None:
    delta = timedelta(days=30, hours=2)
    assert shift_dates("2026-11-23T09:30:00+01:00", delta) == "2026-12-23T11:30:00+01:00"
    assert shift_dates("2026-11-23T08:30:00Z", delta) == "2026-12-23T10:30:00Z"
    assert shift_dates("2024-03-12", delta) == "2024-04-11"
    assert shift_dates({"a": ["2026-11-20", "pat-spine-01", "1925-12-23x"]}, delta) == {
        "a": ["2026-12-20", "pat-spine-01", "1925-12-23x"]
    }
    assert shift_dates("2026-11-23", timedelta(0)) == "2026-11-23"


def test_the_fixture_clock_is_the_setting() -> None:
    assert Settings(local_demo=True).viewer_fixtures_as_of == datetime.fromisoformat(NOW)


def test_a_fixture_served_a_month_later_gives_the_same_advice() -> None:
    later = datetime.fromisoformat(NOW) + timedelta(days=31, hours=5)
    app = create_app(
        Settings(database_url="sqlite://", local_demo=True),
        SERVICES,
        now=lambda: later,
        published=published_resources,
    )
    with TestClient(app) as client:
        shifted = client.get(
            "/viewer/api/fixtures/spinal-metastases-order-sign/unilateral-deficit-3d-progressive-24h"
        ).json()
        cards = client.post("/cds-services/spinal-metastases-order-sign", json=shifted).json()[
            "cards"
        ]
    assert (
        shifted["prefetch"]["observations"]["entry"][-1]["resource"]["effectiveDateTime"]
        == "2026-12-24T14:30:00+01:00"
    )
    card = strip_uuids(cards[0])
    assert card["source"]["topic"]["code"] == "SM-MRI-24h"  # not "facts unknown": answers are fresh
    assert "gegevens onvolledig" not in card["summary"]
