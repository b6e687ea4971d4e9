"""Every shape a prefetch value can take is read as before the hot-path rewrite of the readers.

`is_outcome` now stops at the first entry that is not an OperationOutcome and `read_entries`
reads each resource type once; the reference implementations below are the earlier code.
"""

from __future__ import annotations

from typing import Any

import pytest

from service.prefetch_entries import is_outcome, read_entries

OUTCOME: dict[str, Any] = {"resourceType": "OperationOutcome", "issue": []}
CONDITION: dict[str, Any] = {"resourceType": "Condition", "id": "c"}


def _is_outcome_before(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    if value.get("resourceType") == "OperationOutcome":
        return True
    if value.get("resourceType") == "Bundle":
        entries = value.get("entry")
        if not isinstance(entries, list):
            return False
        resources = [e.get("resource") for e in entries if isinstance(e, dict)]
        return bool(resources) and all(
            isinstance(r, dict) and r.get("resourceType") == "OperationOutcome" for r in resources
        )
    return False


def _read_entries_before(value: Any) -> tuple[tuple[dict[str, Any], ...], int]:
    if value is None:
        return (), 0
    if not isinstance(value, dict):
        return (), 1
    if value.get("resourceType") != "Bundle":
        return ((value,), 0) if isinstance(value.get("resourceType"), str) else ((), 1)
    good: list[dict[str, Any]] = []
    skipped = 0
    entries = value.get("entry")
    if entries is None:
        return (), 0
    if not isinstance(entries, list):
        return (), 1
    for entry in entries:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict) and isinstance(resource.get("resourceType"), str):
            if resource["resourceType"] != "OperationOutcome":
                good.append(resource)
        else:
            skipped += 1
    return tuple(good), skipped


_ENTRIES: list[Any] = [
    {"resource": OUTCOME},
    {"resource": CONDITION},
    {"resource": {"resourceType": 7}},
    {"resource": {}},
    {"resource": None},
    {"resource": "Condition/c"},
    {"resource": [OUTCOME]},
    {"fullUrl": "urn:uuid:1"},
    None,
    "entry",
    [OUTCOME],
    3,
]


def _bundles() -> list[Any]:
    shapes: list[Any] = [
        None,
        "Bundle",
        [],
        {},
        OUTCOME,
        CONDITION,
        {"resourceType": 5},
        {"resourceType": "Bundle"},
        {"resourceType": "Bundle", "entry": None},
        {"resourceType": "Bundle", "entry": {}},
        {"resourceType": "Bundle", "entry": []},
    ]
    for first in _ENTRIES:
        shapes.append({"resourceType": "Bundle", "entry": [first]})
        for second in _ENTRIES:
            shapes.append({"resourceType": "Bundle", "entry": [first, second]})
            shapes.append({"resourceType": "Bundle", "entry": [first, second, first]})
    return shapes


@pytest.mark.parametrize("value", _bundles())
def test_prefetch_values_are_read_as_before(value: Any) -> None:
    assert is_outcome(value) is _is_outcome_before(value)
    assert read_entries(value) == _read_entries_before(value)
