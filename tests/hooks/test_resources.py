"""`hooks.resources.checked`: every proposal we send passes R4B, also when its shape was seen before."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from hooks import resources
from hooks.resources import checked


def _proposal(patient: str = "Patient/p1", **changes: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "proposal",
        "priority": "urgent",
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "241645008"}]},
        "subject": {"reference": patient},
        "encounter": {"reference": "Encounter/e1"},
        "reasonReference": [{"reference": "Condition/c1"}],
        "occurrencePeriod": {
            "start": "2026-12-02T10:00:00+00:00",
            "end": "2026-12-03T10:00:00+00:00",
        },
        "note": [{"text": "SM-MRI-24h"}],
    }
    resource.update(changes)
    return resource


@pytest.fixture(autouse=True)
def _nothing_remembered() -> Any:
    saved = set(resources._VALIDATED)
    resources._VALIDATED.clear()
    yield
    resources._VALIDATED.clear()
    resources._VALIDATED.update(saved)


def test_a_valid_proposal_is_returned_unchanged() -> None:
    resource = _proposal()
    original = copy.deepcopy(resource)
    assert checked(resource) is resource
    assert resource == original


def test_the_shape_is_remembered_after_its_first_full_validation() -> None:
    checked(_proposal())
    assert len(resources._VALIDATED) == 1
    checked(_proposal(patient="Patient/p2"))  # same branch, another patient: same shape
    assert len(resources._VALIDATED) == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"subject": {"reference": 5}},
        {"subject": {"reference": ""}},
        {"subject": {"display": None, "reference": "Patient/p1", "bogus": 1}},
        {"encounter": {"reference": ["Encounter/e1"]}},
        {"reasonReference": [{"reference": "Condition/c1"}, {"nonsense": True}]},
        {"occurrencePeriod": {"start": "tomorrow", "end": "2026-12-03T10:00:00+00:00"}},
    ],
)
def test_per_call_values_are_checked_on_every_call_after_the_shape_is_known(
    bad: dict[str, Any],
) -> None:
    checked(_proposal())
    with pytest.raises(ValidationError):
        checked(_proposal(**bad))


def test_a_subject_is_still_required_once_the_shape_is_known() -> None:
    """The remembered part leaves out `subject`; a proposal without one must still fail."""
    checked(_proposal())
    resource = _proposal()
    del resource["subject"]
    with pytest.raises(ValidationError):
        checked(resource)


def test_an_invalid_call_independent_part_is_never_remembered() -> None:
    with pytest.raises(ValidationError):
        checked(_proposal(priority=["urgent"]))
    assert not resources._VALIDATED
    with pytest.raises(ValidationError):
        checked(_proposal(priority=["urgent"]))


def test_another_constant_part_gets_a_full_validation() -> None:
    checked(_proposal())
    with pytest.raises(ValidationError):
        checked(_proposal(unknownElement=True))


@pytest.mark.parametrize("text", ["", "\u2028", "\x0b"])
def test_a_plain_reference_gets_the_same_string_check_as_the_r4b_reference_model(
    text: str,
) -> None:
    """The cheap check of `{"reference": ...}` refuses what R4B's Reference refuses."""
    from fhir.resources.R4B.reference import Reference

    with pytest.raises(ValidationError):
        Reference.model_validate({"reference": text})
    checked(_proposal())
    with pytest.raises(ValidationError):
        checked(_proposal(patient=text))
    with pytest.raises(ValidationError):
        checked(_proposal(reasonReference=[{"reference": "Condition/c1"}, {"reference": text}]))
