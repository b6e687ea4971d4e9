"""Start-up builds the validators of every resource type, and every element, our suggestions
send, so the first call does not pay for fhir.resources' lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys

from fixtures.build import FIXTURES
from fixtures.replay import load
from hooks import PROPOSED_TYPES, warm_up

# In a fresh interpreter, as `python -m service` starts: the R4B modules loaded once
# warm_up() returns (by importing our code or by warm_up itself), and those a first
# validation of every proposed type would still load.
_PROBE = """
import json, sys
import hooks
def loaded():
    return {m for m in sys.modules if m.startswith("fhir.resources.R4B.")}
hooks.warm_up()
ready = loaded()
from fhir.resources.R4B import get_fhir_model_class
for name in hooks.PROPOSED_TYPES:
    get_fhir_model_class(name).model_validate({"resourceType": name, **hooks._WARM_UP[name]})
print(json.dumps({"ready": sorted(ready), "late": sorted(loaded() - ready)}))
"""


def test_warm_up_covers_every_resource_type_a_fixture_card_proposes() -> None:
    proposed = {
        action["resource"]["resourceType"]
        for path in FIXTURES.glob("*/*.cards.json")
        for card in load(path)["cards"]
        for suggestion in card.get("suggestions", [])
        for action in suggestion.get("actions", [])
        if action["type"] == "create"
    }
    assert proposed == set(PROPOSED_TYPES)
    warm_up()


def test_warm_up_loads_the_element_models_our_proposals_hold() -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    )
    found = json.loads(result.stdout)
    for element in ("codeableconcept", "dosage", "period", "reference", "timing", "annotation"):
        assert f"fhir.resources.R4B.{element}" in found["ready"]
    assert found["late"] == []
