"""Start-up builds the validators of every resource type our suggestions create."""

from __future__ import annotations

from fixtures.build import FIXTURES
from fixtures.replay import load
from hooks import PROPOSED_TYPES, warm_up


def test_warm_up_covers_every_resource_type_a_fixture_card_proposes() -> None:
    proposed = {
        action["resource"]["resourceType"]
        for path in FIXTURES.glob("*/*.cards.json")
        for card in load(path)["cards"]
        for suggestion in card.get("suggestions", [])
        for action in suggestion["actions"]
        if action["type"] == "create"
    }
    assert proposed == set(PROPOSED_TYPES)
    warm_up()
