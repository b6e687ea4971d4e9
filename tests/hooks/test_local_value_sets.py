from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hooks import codes, local_value_sets
from hooks.codes import ICD10, SNOMED, Code, ValueSet, union_of
from hooks.common import codes as common_codes
from hooks.local_value_sets import (
    LocalTerminologyError,
    LocalValueSetError,
    LocalValueSetSettings,
    load_configured,
    read_enumerated,
    value_set_codes,
)
from service.settings import PRODUCT_CANONICAL_BASE

LOCAL = "https://hospital.example/fhir/CodeSystem/diagnosis"
URL = f"{PRODUCT_CANONICAL_BASE}/ValueSet/primary-malignancy"


@pytest.fixture
def primary() -> Iterator[ValueSet]:
    """PRIMARY_CANCER as shipped after each test, whatever a test added to it."""
    yield codes.PRIMARY_CANCER
    codes.set_local_codes(codes.PRIMARY_CANCER, ())


def _value_set(**extra: Any) -> dict[str, Any]:
    return {"resourceType": "ValueSet", "url": URL, "status": "active", **extra}


def _include(*concepts: str, system: str = LOCAL) -> dict[str, Any]:
    return {"include": [{"system": system, "concept": [{"code": c} for c in concepts]}]}


def _write(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "local-value-sets.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _load(path: Path | None) -> local_value_sets.LocalValueSets:
    return load_configured(LocalValueSetSettings(local_value_sets_file=path))


def _coded(system: str, code: str) -> dict[str, object]:
    return {"coding": [{"system": system, "code": code}]}


def test_compose_concepts_extend_the_named_value_set_and_say_so(
    tmp_path: Path, primary: ValueSet
) -> None:
    assert not primary.matches(_coded(LOCAL, "ONC-017"))  # remembered as a miss ...
    loaded = _load(_write(tmp_path, _value_set(compose=_include("ONC-017", "ONC-018"))))
    assert primary.matches(_coded(LOCAL, "ONC-017"))  # ... and asked again after the load
    assert primary.matches_local(_coded(LOCAL, "ONC-018"))
    assert [c.code for c in loaded.added["primary-malignancy"]] == ["ONC-017", "ONC-018"]
    assert all(c.local and c.verification == "unverified" for c in primary.local_codes)
    # A built-in code is not local, also when a local code sits in the same concept.
    both = {
        "coding": [{"system": SNOMED, "code": "399490008"}, {"system": LOCAL, "code": "ONC-017"}]
    }
    assert primary.matches(both)
    assert not primary.matches_local(both)
    assert not primary.matches_local(_coded(SNOMED, "399490008"))
    assert not primary.matches_local(_coded(LOCAL, "ONC-999"))
    # Unions (one lookup for several sets) carry the local mark.
    union = union_of((codes.UNKNOWN_PRIMARY, primary))
    assert union.matches_local(_coded(LOCAL, "ONC-017"))


def test_expansion_contains_is_read_nested_and_abstract_entries_only_group(
    tmp_path: Path, primary: ValueSet
) -> None:
    expansion = {
        "contains": [
            {
                "system": LOCAL,
                "code": "GROUP",
                "abstract": True,
                "contains": [{"system": LOCAL, "code": "ONC-1", "display": "Niercelcarcinoom"}],
            },
            {"system": ICD10, "code": "C44.9"},  # the operator may, knowingly
        ]
    }
    _load(_write(tmp_path, _value_set(expansion=expansion)))
    assert primary.matches_local(_coded(LOCAL, "ONC-1"))
    assert not primary.matches(_coded(LOCAL, "GROUP"))
    assert primary.matches_local(_coded(ICD10, "C44.9"))
    assert [c.display for c in primary.local_codes] == ["Niercelcarcinoom", "C44.9"]


def test_a_bundle_and_a_list_of_value_sets_are_read(tmp_path: Path, primary: ValueSet) -> None:
    unknown = f"{PRODUCT_CANONICAL_BASE}/ValueSet/unknown-primary"
    sets = [
        _value_set(compose=_include("ONC-1")),
        {"resourceType": "ValueSet", "url": unknown, "compose": _include("CUP")},
    ]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": s} for s in sets],
    }
    for document in (bundle, sets):
        loaded = _load(_write(tmp_path, document))
        assert set(loaded.added) == {"primary-malignancy", "unknown-primary"}
        assert codes.UNKNOWN_PRIMARY.matches_local(_coded(LOCAL, "CUP"))
    codes.set_local_codes(codes.UNKNOWN_PRIMARY, ())


def test_no_file_configured_changes_nothing_and_a_reload_replaces(
    tmp_path: Path, primary: ValueSet
) -> None:
    before = primary.codes
    assert _load(None).added == {}
    assert primary.codes is before  # untouched: no memo rebuilt, no per-call work
    _load(_write(tmp_path, _value_set(compose=_include("ONC-1"))))
    _load(_write(tmp_path, _value_set(compose=_include("ONC-2"))))
    assert [c.code for c in primary.local_codes] == ["ONC-2"]
    _load(None)
    assert primary.codes == before
    assert not primary.matches(_coded(LOCAL, "ONC-2"))


def test_the_setting_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDS_LOCAL_VALUE_SETS_FILE", str(tmp_path / "x.json"))
    assert LocalValueSetSettings().local_value_sets_file == tmp_path / "x.json"
    monkeypatch.setenv("CDS_LOCAL_VALUE_SETS_FILE", " ")
    assert LocalValueSetSettings().local_value_sets_file is None


BAD: list[tuple[str, object, str]] = [
    (
        "filter",
        _value_set(
            compose={
                "include": [
                    {
                        "system": SNOMED,
                        "filter": [{"property": "concept", "op": "is-a", "value": "1"}],
                    }
                ]
            }
        ),
        "compose.include[0].filter` is not supported",
    ),
    (
        "value-set-import",
        _value_set(compose={"include": [{"valueSet": ["http://example.org/ValueSet/x"]}]}),
        "compose.include[0].valueSet` imports a value set",
    ),
    (
        "exclude",
        _value_set(compose={**_include("ONC-1"), "exclude": [{"system": LOCAL, "concept": []}]}),
        "compose.exclude` is not supported",
    ),
    (
        "whole-code-system",
        _value_set(compose={"include": [{"system": SNOMED}]}),
        "includes all of http://snomed.info/sct",
    ),
    (
        "no-system",
        _value_set(compose={"include": [{"concept": [{"code": "x"}]}]}),
        ".system` is not",
    ),
    ("system-not-uri", _value_set(compose=_include("x", system="SNOMED")), "not a code-system URI"),
    (
        "code-not-string",
        _value_set(expansion={"contains": [{"system": LOCAL, "code": 7}]}),
        ".code` is not",
    ),
    ("empty-code", _value_set(compose=_include(" ")), "compose.include[0].concept[0].code` is not"),
    ("no-codes", _value_set(compose={"include": []}), "lists no codes"),
    (
        "no-url",
        {"resourceType": "ValueSet", "id": "mine", "compose": _include("x")},
        "has no `url`",
    ),
    (
        "unknown-url",
        _value_set(
            url=f"{PRODUCT_CANONICAL_BASE}/ValueSet/primary-malignancies", compose=_include("x")
        ),
        "is not one of our value sets (did you mean " + URL,
    ),
    (
        "twice",
        [_value_set(compose=_include("x")), _value_set(compose=_include("y"))],
        "appears twice",
    ),
    ("not-a-value-set", {"resourceType": "CodeSystem", "url": URL}, "is not a ValueSet"),
    ("bundle-without-entries", {"resourceType": "Bundle"}, "has no `entry` list"),
    ("empty-list", [], "holds no ValueSet"),
    ("compose-not-object", _value_set(compose=[]), "`compose` is not an object"),
]


@pytest.mark.parametrize(
    ("document", "problem"), [(d, p) for _, d, p in BAD], ids=[i for i, _, _ in BAD]
)
def test_each_bad_shape_is_refused_in_one_line(
    tmp_path: Path, primary: ValueSet, document: object, problem: str
) -> None:
    path = _write(tmp_path, document)
    with pytest.raises(LocalValueSetError) as refused:
        _load(path)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"CDS_LOCAL_VALUE_SETS_FILE {path}: ")
    assert problem in message
    assert isinstance(refused.value, ValueError)
    assert not primary.local_codes  # nothing changed


def test_the_refusal_names_the_value_set_by_url_then_id(tmp_path: Path) -> None:
    path = _write(tmp_path, _value_set(compose={"include": [{"system": SNOMED}]}))
    with pytest.raises(LocalValueSetError, match=f"ValueSet {URL}: "):
        _load(path)
    path = _write(tmp_path, {"resourceType": "ValueSet", "id": "mine", "compose": {}})
    with pytest.raises(LocalValueSetError, match="ValueSet mine: has no `url`"):
        _load(path)


def test_an_unreadable_or_non_json_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LocalValueSetError, match="file: cannot be read"):
        _load(tmp_path / "missing.json")
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(LocalValueSetError, match="file: is not JSON"):
        _load(path)


def test_the_reader_serves_other_terminology_resources(tmp_path: Path) -> None:
    """One reader for every enumerated terminology file: a ConceptMap reader brings its own
    extract function and error class (issue 18)."""

    class LocalConceptMapError(LocalTerminologyError):
        setting = "CDS_LOCAL_CONCEPT_MAP_FILE"

    def targets(resource: Any) -> tuple[str, ...]:
        return tuple(
            t["code"] for g in resource["group"] for e in g["element"] for t in e["target"]
        )

    concept_map = {
        "resourceType": "ConceptMap",
        "url": "https://hospital.example/ConceptMap/answers",
        "group": [{"element": [{"code": "J", "target": [{"code": "yes"}]}]}],
    }
    path = _write(tmp_path, concept_map)
    assert read_enumerated(path, "ConceptMap", targets, LocalConceptMapError) == {
        concept_map["url"]: ("yes",)
    }
    with pytest.raises(
        LocalConceptMapError, match=r"CDS_LOCAL_CONCEPT_MAP_FILE .*is not a ValueSet"
    ):
        read_enumerated(path, "ValueSet", value_set_codes, LocalConceptMapError)


def test_every_extendable_value_set_has_one_object_per_valid_id() -> None:
    sets = local_value_sets.extendable()
    names = [vs.name for vs in sets]
    assert len(names) == len(set(names))
    for vs in (*codes.ALL_VALUE_SETS, *common_codes.VALUE_SETS):
        assert any(vs is s for s in sets), vs.name  # no two objects under one name
    for name in names:
        assert name.replace("-", "").replace(".", "").isalnum()
        assert len(name) <= 64
    assert local_value_sets.canonical_url(codes.PRIMARY_CANCER) == URL


def test_set_local_codes_keeps_builtins_and_skips_duplicates() -> None:
    vs = ValueSet("t", (Code(ICD10, "C50", "x"),))
    codes.set_local_codes(vs, [Code(ICD10, "C50", "dup"), Code(LOCAL, "A", "a")])
    assert [(c.code, c.local) for c in vs.codes] == [("C50", False), ("A", True)]
    assert vs.matches_local(_coded(LOCAL, "A"))
    assert not vs.matches_local(_coded(ICD10, "C50.9"))
    codes.set_local_codes(vs, ())
    assert vs.codes == (Code(ICD10, "C50", "x"),)
    assert not vs.matches_local(_coded(LOCAL, "A"))
