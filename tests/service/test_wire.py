"""The hook-call answer is serialised in one pass (`wire_json`): the bytes of `orjson.dumps(wire())`.

Every fixture answer is compared, and cards whose resources hold the numbers and strings where
two JSON writers could differ (float forms, escapes, non-ASCII, nulls inside resources).
"""

from __future__ import annotations

import random
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

import service.cds.call as call_module
from fixtures.replay import fixture_app, fixture_requests, load
from service.cds.models import (
    Action,
    Card,
    CardsResponse,
    Coding,
    Link,
    Source,
    Suggestion,
    wire,
    wire_json,
)


def _card(resource: dict[str, Any], **members: Any) -> Card:
    return Card(
        uuid="c-1",
        summary="Samenvatting – één zin",
        indicator="warning",
        source=Source(label="Richtlijn", topic=Coding(system="urn:x", code="SM-1")),
        suggestions=(
            Suggestion(
                label="Voorstel",
                uuid="s-1",
                is_recommended=True,
                actions=(Action(type="create", description="Maak", resource=resource),),
            ),
        ),
        selection_behavior="at-most-one",
        **members,
    )


def _tricky_resource() -> dict[str, Any]:
    generator = random.Random(8)  # noqa: S311 - test numbers, not secrets
    floats = [0.0, -0.0, 1.0, 0.1, 1.5, 1e16, 1e-7, 1e21, 1e22, 2.5e-5, 5e-324, 1e300]
    floats += [float(2**53), 1.7976931348623157e308, float("inf"), float("nan")]
    floats += [generator.uniform(-1e6, 1e6) for _ in range(300)]
    floats += [10 ** generator.uniform(-30, 30) for _ in range(300)]
    return {
        "resourceType": "MedicationRequest",
        "floats": floats,
        "ints": [0, -1, 2**63 - 1, -(2**63), 2**64 - 1],
        "strings": ["é", "😀", "\u2028\u2029", "\x00\x1f\x7f", '"\\/', "<b>&</b>", "\t\n\r"],
        "null": None,
        "nested": [{"a": None, "b": [True, False, {}]}],
        "tuple": (1, "x"),
    }


@pytest.mark.parametrize(
    "model",
    [
        CardsResponse(cards=()),
        CardsResponse(cards=(_card(_tricky_resource()),)),
        CardsResponse(
            cards=(
                _card(
                    {"resourceType": "ServiceRequest"},
                    detail="**Markdown** detail",
                    links=(Link(label="App", url="https://app.example", type="smart"),),
                ),
                _card({"resourceType": "Task", "id": "t"}),
            ),
            system_actions=(Action(type="delete", description="Weg", resource_id="X/1"),),
        ),
    ],
)
def test_wire_json_writes_the_bytes_of_orjson_over_wire(model: BaseModel) -> None:
    assert wire_json(model) == orjson.dumps(wire(model))


def test_what_pydantic_cannot_serialise_fails_as_it_did() -> None:
    model = CardsResponse(cards=(_card({"resourceType": "X", "value": object()}),))
    with pytest.raises(PydanticSerializationError, match="Unable to serialize") as before:
        orjson.dumps(wire(model))
    with pytest.raises(PydanticSerializationError, match="Unable to serialize") as now:
        wire_json(model)
    assert str(now.value) == str(before.value)


def test_every_fixture_answer_is_written_as_orjson_writes_its_wire_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[int] = []

    def checked(model: BaseModel) -> bytes:
        written = wire_json(model)
        assert written == orjson.dumps(wire(model))
        compared.append(len(written))
        return written

    monkeypatch.setattr(call_module, "wire_json", checked)
    with TestClient(fixture_app()) as client:
        for service_id, scenario, path in fixture_requests():
            response = client.post(f"/cds-services/{service_id}", json=load(path))
            assert response.status_code == 200, scenario
            # The body is what the spy compared, byte for byte.
            assert orjson.dumps(orjson.loads(response.content)) == response.content
    assert len(compared) > 10
