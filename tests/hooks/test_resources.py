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
    saved = dict(resources._VALIDATED)
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


@pytest.mark.parametrize(
    "bad",
    [
        {"subject": [{"reference": "Patient/p1"}]},
        {"reasonReference": {"reference": "Condition/c1"}},
        {"occurrencePeriod": [{"start": "2026-12-02T10:00:00+00:00"}]},
    ],
)
def test_a_per_call_element_in_the_wrong_container_gets_the_full_check(
    bad: dict[str, Any],
) -> None:
    """A list where R4B takes one value (or the reverse) is another shape, not a known one."""
    checked(_proposal())
    with pytest.raises(ValidationError):
        checked(_proposal(**bad))


def _medication(dose: float | None) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "status": "draft",
        "intent": "proposal",
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.whocc.no/atc", "code": "H02AB02"}]
        },
        "subject": {"reference": "Patient/p1"},
        "dosageInstruction": [{"doseAndRate": [{"doseQuantity": {"value": dose, "unit": "mg"}}]}],
    }


@pytest.mark.parametrize("dose", [float("nan"), float("inf")])
def test_a_non_finite_number_is_refused_where_a_null_was_accepted(dose: float) -> None:
    """JSON has one spelling, null, for None, NaN and infinity: a null is never remembered."""
    checked(_medication(None))  # R4B takes a None value as absent
    with pytest.raises(ValidationError):
        checked(_medication(dose))


def test_authored_on_is_checked_per_call_and_does_not_make_a_new_shape() -> None:
    checked(_proposal(authoredOn="2026-12-02T10:00:00+00:00"))
    checked(_proposal(authoredOn="2026-12-02T10:00:01+00:00"))
    assert len(resources._VALIDATED) == 1
    with pytest.raises(ValidationError):
        checked(_proposal(authoredOn="2 December"))


def test_the_remembered_shapes_are_bounded_and_keep_the_recent_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(resources, "_VALIDATED_MAX", 3)
    for n in range(5):  # the store fills with parts seen once
        checked(_proposal(note=[{"text": f"seen once {n}"}]))
    stable = _proposal()
    checked(stable)
    for n in range(10):
        checked(_proposal(note=[{"text": f"one-off {n}"}]))
        checked(stable)  # seen again: stays
    assert len(resources._VALIDATED) == 3
    assert any(b"SM-MRI-24h" in key for _, key in resources._VALIDATED)
