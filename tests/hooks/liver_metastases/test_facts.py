"""FHIR fragments → LiverFacts: treatment recognised by site or reason, never by a guessed code."""

from __future__ import annotations

from datetime import date
from typing import Any

from hooks.liver_metastases.facts import read_facts
from hooks.liver_metastases.policy import LiverPolicy
from tests.hooks.common.support import ICD10NL, SCT, call, coded, condition, medication, observation

POLICY = LiverPolicy()


def liver(rid: str = "lm", **kw: Any) -> dict[str, Any]:
    return condition(rid, (SCT, "94381002"), (ICD10NL, "C78.7"), **kw)


def procedure(rid: str, performed: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Procedure",
        "id": rid,
        "status": extra.pop("status", "completed"),
        "code": {"text": "ingreep"},
        "performedDateTime": performed,
        **extra,
    }


ON_LIVER = {"bodySite": [coded(SCT, "10200004")]}


def itching(rid: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "code": coded(SCT, "418290006"),
        "effectiveDateTime": "2026-04-01",
    }


def test_liver_directed_treatment_by_site_or_by_reason() -> None:
    by_site = procedure("p1", "2026-03-10", **ON_LIVER)
    by_reason = procedure("p2", "2026-05-01", reasonReference=[{"reference": "Condition/lm"}])
    f = read_facts(call({"conditions": [liver()], "procedures": [by_site, by_reason]}), POLICY)
    assert f.liver_treatment.value == date(2026, 5, 1)
    assert [e.reference for e in f.liver_treatment.evidence] == ["Procedure/p2"]


def test_biopsy_imaging_planned_and_other_procedures_are_not_treatment() -> None:
    biopsy = procedure("b", "2026-05-01", code=coded(SCT, "86273004"), **ON_LIVER)
    planned = procedure("p", "2026-05-01", status="preparation", **ON_LIVER)
    colon = procedure("c", "2026-05-01", bodySite=[coded(SCT, "71854001")])
    f = read_facts(call({"conditions": [liver()], "procedures": [biopsy, planned, colon]}), POLICY)
    assert f.liver_treatment.value is None


def test_resolved_liver_metastases_count_as_history_not_as_current() -> None:
    f = read_facts(call({"conditions": [liver(clinical="resolved")]}), POLICY)
    assert f.liver_metastases.value is None
    assert f.liver_metastases_history.value is True


def test_warning_signs_count_only_since_the_treatment() -> None:
    fever_before = condition("f1", (SCT, "386661006"), recorded="2026-03-01")
    itch_after = itching("o1")
    data = {
        "conditions": [liver(), fever_before],
        "observations": [itch_after],
        "procedures": [procedure("p", "2026-03-10", **ON_LIVER)],
    }
    f = read_facts(call(data), POLICY)
    assert [e.reference for e in f.warning_signs.evidence] == ["Observation/o1"]
    absent = {**itching("o2"), "valueBoolean": False}
    data["observations"] = [absent]
    assert read_facts(call(data), POLICY).warning_signs.value is None


def test_referral_to_the_panel_by_reason_or_performer_name() -> None:
    referral = {
        "resourceType": "ServiceRequest",
        "id": "r",
        "status": "active",
        "code": coded(SCT, "3457005"),
        "performer": [{"display": "lumc leverpanel"}],
    }
    other = {**referral, "id": "o", "performer": [{"display": "Polikliniek Dermatologie"}]}
    f = read_facts(call({"conditions": [liver()], "serviceRequests": [referral, other]}), POLICY)
    assert [e.reference for e in f.referral_in_record.evidence] == ["ServiceRequest/r"]
    revoked = {**referral, "status": "revoked"}
    assert (
        read_facts(
            call({"conditions": [liver()], "serviceRequests": [revoked]}), POLICY
        ).referral_in_record.value
        is None
    )


def test_chemotherapy_without_desired_effect() -> None:
    chemo = medication("m", "L01BC02", status="completed")
    worse = observation("s", "97509-4", "2026-11-01", valueCodeableConcept=coded(SCT, "271299001"))
    f = read_facts(
        call({"conditions": [liver()], "medications": [chemo], "observations": [worse]}), POLICY
    )
    assert f.chemotherapy_given.value is True
    assert f.disease_worsened.value is True
    stable = observation(
        "s2", "97509-4", "2026-11-02", valueCodeableConcept=coded(SCT, "359746009")
    )
    f = read_facts(call({"conditions": [liver()], "observations": [worse, stable]}), POLICY)
    assert f.disease_worsened.value is False
    assert f.chemotherapy_given.value is None  # medication list not sent: unknown


def test_resectability_is_never_derived() -> None:
    f = read_facts(
        call({"conditions": [liver()], "procedures": [procedure("p", "2026-03-10", **ON_LIVER)]}),
        POLICY,
    )
    assert f.resectable.value is None


def test_chemotherapy_in_the_home_medication_counts_with_its_medication() -> None:
    """Issue 14.2: chemo given elsewhere is a MedicationStatement, often naming a Medication."""
    statement = {
        "resourceType": "MedicationStatement",
        "id": "ms",
        "status": "completed",
        "medicationReference": {"reference": "Medication/capecitabine"},
        "effectivePeriod": {"start": "2026-06-01", "end": "2026-09-30"},
    }
    capecitabine = {
        "resourceType": "Medication",
        "id": "capecitabine",
        "code": coded("http://www.whocc.no/atc", "L01BC06"),
    }
    f = read_facts(
        call({"conditions": [liver()], "medicationStatements": [statement, capecitabine]}), POLICY
    )
    assert f.chemotherapy_given.value is True
    assert [e.reference for e in f.chemotherapy_given.evidence] == ["MedicationStatement/ms"]
    intended = {**statement, "status": "intended"}  # planned is not given
    f = read_facts(
        call({"conditions": [liver()], "medicationStatements": [intended, capecitabine]}), POLICY
    )
    assert f.chemotherapy_given.value is None
