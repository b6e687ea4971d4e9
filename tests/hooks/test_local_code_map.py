"""The operator's ConceptMap of local answer codes: read at start, refused in one line when it is
not only equivalent mappings onto input-contract codes, and named in the why-trace of a card."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.build import FIXTURES
from fixtures.replay import fixture_app, load
from hooks import local_code_map, warm_up
from hooks.local_code_map import (
    LocalCodeMapError,
    LocalCodeMapSettings,
    load_configured,
    mapped_answer,
)
from service.settings import PRODUCT_CANONICAL_BASE
from service.startup import StartRefused, checked_settings

OURS = f"{PRODUCT_CANONICAL_BASE}/CodeSystem/metastasis-cds-input"
SCT = "http://snomed.info/sct"
ROWS = "urn:oid:2.16.840.1.113883.2.4.3.999.7.1"  # a hospital's flowsheet rows
LISTS = "urn:oid:2.16.840.1.113883.2.4.3.999.7.2"  # its answer lists
MAP_URL = "https://hospital.example/fhir/ConceptMap/intake-rows"


def _element(code: str, target: str, equivalence: str = "equivalent") -> dict[str, Any]:
    return {"code": code, "target": [{"code": target, "equivalence": equivalence}]}


def concept_map(**changes: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "ConceptMap",
        "url": MAP_URL,
        "status": "active",
        "group": [
            {"source": ROWS, "target": OURS, "element": [_element("FS-RADPAIN", "radicular-pain")]},
            {
                "source": LISTS,
                "target": SCT,
                "element": [_element("BDZ", "51440002"), _element("LI", "7771000")],
            },
            {"source": LISTS, "target": OURS, "element": [_element("GEEN", "absent")]},
        ],
    }
    resource.update(changes)
    return resource


@pytest.fixture(autouse=True)
def _no_map_after() -> Iterator[None]:
    yield
    load_configured(LocalCodeMapSettings(local_code_map_file=None))


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "local-codes.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _load(path: Path) -> local_code_map.CodeMap:
    return load_configured(LocalCodeMapSettings(local_code_map_file=path))


def _answer(code: tuple[str, str], value: tuple[str, str]) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": "a",
        "code": {"coding": [{"system": code[0], "code": code[1]}]},
        "valueCodeableConcept": {"coding": [{"system": value[0], "code": value[1]}]},
    }


def test_a_concept_map_is_read_and_maps_code_and_value(tmp_path: Path) -> None:
    loaded = _load(_write(tmp_path, concept_map()))
    assert len(loaded.by_source) == 4
    raw = _answer((ROWS, "FS-RADPAIN"), (LISTS, "BDZ"))
    mapped, note = mapped_answer(raw, {OURS})
    assert mapped["code"]["coding"][0] == {"system": OURS, "code": "radicular-pain"}
    assert mapped["valueCodeableConcept"]["coding"][0] == {"system": SCT, "code": "51440002"}
    assert raw["code"]["coding"] == [{"system": ROWS, "code": "FS-RADPAIN"}]  # not changed
    assert note is not None
    assert note[1] == (
        f"via mapping {MAP_URL}: FS-RADPAIN → radicular-pain; via mapping {MAP_URL}: BDZ → 51440002"
    )


def test_our_own_code_wins_and_without_a_file_nothing_changes(tmp_path: Path) -> None:
    raw = _answer((ROWS, "FS-RADPAIN"), (LISTS, "BDZ"))
    assert mapped_answer(raw, {OURS}) == (raw, None)  # no file configured
    _load(_write(tmp_path, concept_map()))
    ours = _answer((OURS, "radicular-pain"), (OURS, "absent"))
    ours["code"]["coding"].append({"system": ROWS, "code": "FS-RADPAIN"})
    assert mapped_answer(ours, {OURS}) == (ours, None)
    # Malformed codings are passed over, an unmapped local code changes nothing.
    odd = _answer((ROWS, "FS-OTHER"), (LISTS, "NOPE"))
    odd["code"]["coding"].insert(0, "not a coding")
    assert mapped_answer(odd, {OURS}) == (odd, None)
    # Two mapped local codes in one answer: the first one counts.
    two = _answer((ROWS, "FS-RADPAIN"), (LISTS, "LI"))
    two["valueCodeableConcept"]["coding"].append({"system": LISTS, "code": "BDZ"})
    assert mapped_answer(two, {OURS})[0]["valueCodeableConcept"]["coding"][0]["code"] == "7771000"


def test_a_bundle_of_concept_maps_is_read(tmp_path: Path) -> None:
    other = concept_map(url="https://hospital.example/fhir/ConceptMap/other")
    other["group"] = other["group"][:1]
    bundle = {"resourceType": "Bundle", "entry": [{"resource": concept_map()}]}
    assert len(_load(_write(tmp_path, bundle)).by_source) == 4
    assert len(_load(_write(tmp_path, [concept_map(), other])).by_source) == 4


def _broken(change: str) -> object:
    resource = concept_map()
    element = resource["group"][0]["element"][0]
    if change == "wider":
        element["target"][0]["equivalence"] = "wider"
    elif change == "two-targets":
        element["target"].append({"code": "radicular-deficit", "equivalence": "equivalent"})
    elif change == "unknown-target":
        element["target"][0]["code"] = "radicular-pian"
    elif change == "depends-on":
        element["target"][0]["dependsOn"] = [{"property": "x", "value": "y"}]
    elif change == "unmapped":
        resource["group"][0]["unmapped"] = {"mode": "provided"}
    elif change == "maps-our-own":
        resource["group"][0]["source"] = OURS
    elif change == "no-url":
        del resource["url"]
    elif change == "one-code-two-meanings":
        resource["group"][1]["element"].append(_element("BDZ", "24028007"))
        return [resource, {**concept_map(url=MAP_URL + "-2"), "group": resource["group"][1:2]}]
    elif change == "not-a-concept-map":
        return {"resourceType": "ValueSet", "url": MAP_URL}
    elif change == "no-groups":
        resource["group"] = []
    elif change == "group-not-object":
        resource["group"][0] = "x"
    elif change == "no-elements":
        resource["group"][0]["element"] = []
    elif change == "element-not-object":
        resource["group"][0]["element"][0] = 7
    elif change == "blank-code":
        element["code"] = " FS-1"
    elif change == "no-source":
        del resource["group"][0]["source"]
    return resource


@pytest.mark.parametrize(
    ("change", "said"),
    [
        pytest.param("wider", "'wider', not 'equivalent'", id="wider"),
        pytest.param("two-targets", "exactly one target", id="two-targets"),
        pytest.param("unknown-target", "did you mean radicular-pain?", id="unknown-target"),
        pytest.param("depends-on", "dependsOn/product", id="depends-on"),
        pytest.param("unmapped", "unmapped", id="unmapped"),
        pytest.param("maps-our-own", "map local codes, not ours", id="maps-our-own"),
        pytest.param("no-url", "has no `url`", id="no-url"),
        pytest.param("one-code-two-meanings", "one local code, one meaning", id="two-meanings"),
        pytest.param("not-a-concept-map", "is not a ConceptMap", id="not-a-concept-map"),
        pytest.param("no-groups", "has no `group` list", id="no-groups"),
        pytest.param("group-not-object", "`group[0]` is not an object", id="group-not-object"),
        pytest.param("no-elements", "has no `element` list", id="no-elements"),
        pytest.param("element-not-object", "element[0]` is not an object", id="element-not-object"),
        pytest.param("blank-code", "is not a code", id="blank-code"),
        pytest.param("no-source", "is not a code-system URI", id="no-source"),
    ],
)
def test_a_file_we_will_not_read_is_refused_in_one_line(
    tmp_path: Path, change: str, said: str
) -> None:
    _load(_write(tmp_path, concept_map()))
    path = _write(tmp_path, _broken(change))
    with pytest.raises(LocalCodeMapError) as refused:
        _load(path)
    message = str(refused.value)
    assert message.startswith(f"CDS_LOCAL_CODE_MAP_FILE {path}: ")
    assert "\n" not in message
    assert said in message
    assert local_code_map.active().by_source  # the earlier map still stands


def test_the_service_refuses_to_start_with_a_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("CDS_LOCAL_CODE_MAP_FILE", str(path))
    with pytest.raises(StartRefused) as refused:
        checked_settings({"local_demo": True}, lambda _settings: None, warm_up)
    assert str(refused.value).startswith(f"CDS_LOCAL_CODE_MAP_FILE {path}: file: is not JSON")


def _local_answer_request() -> dict[str, Any]:
    """The bilateral radicular pain fixture, its answer coded in the hospital's own codes."""
    path = FIXTURES / "spinal-metastases-order-sign" / "bilateral-radicular-pain-12h.request.json"
    request: dict[str, Any] = copy.deepcopy(load(path))
    for entry in request["prefetch"]["observations"]["entry"]:
        if entry["resource"]["id"] == "pat-spine-02-ans-0":
            entry["resource"]["code"] = {"coding": [{"system": ROWS, "code": "FS-RADPAIN"}]}
            entry["resource"]["valueCodeableConcept"] = {
                "coding": [{"system": LISTS, "code": "BDZ", "display": "beiderzijds"}]
            }
    return request


def test_a_card_is_decided_through_a_mapped_local_code(client: TestClient, tmp_path: Path) -> None:
    url = "/cds-services/spinal-metastases-order-sign"
    unmapped = client.post(url, json=_local_answer_request()).json()["cards"]
    assert "SM-MRI-12h" not in [c["source"]["topic"]["code"] for c in unmapped]
    # As at start-up: the map is loaded (warm_up) before the app plans its narrowed queries,
    # so the local question code is asked for and kept.
    _load(_write(tmp_path, concept_map()))
    with TestClient(fixture_app()) as mapped_client:
        observations = mapped_client.get("/cds-services").json()["services"]
        template = next(s for s in observations if s["id"] == "spinal-metastases-order-sign")
        assert f"{ROWS}|FS-RADPAIN" in template["prefetch"]["observations"]
        (card,) = mapped_client.post(url, json=_local_answer_request()).json()["cards"]
    assert (card["source"]["topic"]["code"], card["indicator"]) == ("SM-MRI-12h", "critical")
    assert (
        "- radiculaire pijn: **beiderzijds** — Observation/pat-spine-02-ans-0 "
        f"(2026-11-23T09:30:00+01:00) (via mapping {MAP_URL}: FS-RADPAIN → radicular-pain; "
        f"via mapping {MAP_URL}: BDZ → 51440002)"
    ) in card["detail"]


def test_the_documented_example_is_read(tmp_path: Path) -> None:
    from hooks.local_codes_doc import _EXAMPLE

    loaded = _load(_write(tmp_path, _EXAMPLE))
    assert {(m.source_code, m.target_code) for m in loaded.by_source.values()} == {
        ("FS-RADPAIN", "radicular-pain"),
        ("BDZ", "51440002"),
    }
