"""Reading a call's data: unavailable keys are unknown, history counts, mistakes never count."""

from __future__ import annotations

from hooks.common.codes import SECONDARY_LIVER
from hooks.common.lean import Condition, MedicationRequest
from hooks.common.record import RecordReader, current, ever, found, listed, newest
from hooks.liver_metastases.codes import CHEMOTHERAPY
from tests.hooks.common.support import SCT, call, condition, medication


def test_an_unreadable_key_is_none_not_empty() -> None:
    reader = RecordReader(call({"conditions": []}, unavailable=("observations",)))
    assert reader.select("conditions", Condition, "code", SECONDARY_LIVER) == []
    assert reader.select("observations", Condition, "code", SECONDARY_LIVER) is None
    assert reader.select("never-asked", Condition, "code", SECONDARY_LIVER) is None
    assert reader.missing == ("observations",)


def test_malformed_selected_resources_are_skipped_and_counted() -> None:
    bad = condition("bad", (SCT, "94381002"))
    bad["recordedDate"] = {"not": "a date"}
    reader = RecordReader(call({"conditions": [bad, condition("ok", (SCT, "94381002"))]}))
    chosen = reader.select("conditions", Condition, "code", SECONDARY_LIVER)
    assert [c.id for c in chosen or ()] == ["ok"]
    assert reader.skipped == 1


def test_current_and_ever() -> None:
    records = [
        Condition.model_validate(r)
        for r in (
            condition("active", (SCT, "94381002")),
            condition("resolved", (SCT, "94381002"), clinical="resolved"),
            condition("error", (SCT, "94381002"), verification="entered-in-error"),
            condition("refuted", (SCT, "94381002"), verification="refuted"),
            condition("suspected", (SCT, "94381002"), verification="provisional"),
        )
    ]
    assert [c.id for c in current(records, SECONDARY_LIVER)] == ["active", "suspected"]
    assert [c.id for c in current(records, SECONDARY_LIVER, suspected_ok=False)] == ["active"]
    assert [c.id for c in ever(records, SECONDARY_LIVER)] == ["active", "resolved", "suspected"]


def test_found_is_never_false_and_listed_is_false_only_for_a_read_list() -> None:
    assert found([]).value is None
    assert listed(None).value is None
    assert listed([]).value is False
    request = MedicationRequest.model_validate(medication("m", "L01XA01"))
    assert listed([request]).value is True
    assert CHEMOTHERAPY.matches(request.medication_codeable_concept)


def test_newest_prefers_the_latest_date_and_ranks_undated_last() -> None:
    undated = Condition.model_validate({"resourceType": "Condition", "id": "u"})
    old = Condition.model_validate(condition("o", (SCT, "1"), recorded="2020-01-01"))
    new = Condition.model_validate(condition("n", (SCT, "1"), recorded="2026-01-01"))
    assert newest([undated, new, old]) is new
    assert newest([]) is None
