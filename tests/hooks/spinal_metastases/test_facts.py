"""FHIR fragments → SpineFacts: unknown is not false, struck-out records never count."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fixtures.build import BOTH, INPUT, LEFT, answer, condition
from tests.hooks.spinal_metastases.cases import facts_from

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
SCT = "http://snomed.info/sct"
ICD = "http://hl7.org/fhir/sid/icd-10-nl"
ATC = "http://www.whocc.no/atc"
P = "pat-facts"


def med(
    rid: str, atc: str, status: str = "active", kind: str = "MedicationRequest"
) -> dict[str, Any]:
    return {
        "resourceType": kind,
        "id": rid,
        "status": status,
        "intent": "order",
        "medicationCodeableConcept": {"coding": [{"system": ATC, "code": atc}]},
    }


def test_nothing_recorded_is_unknown_everywhere() -> None:
    facts = facts_from()
    assert facts.known_primary.value is None
    assert facts.spinal_metastasis_suspected.value is None
    assert facts.mescc_clinical_suspicion.value is None
    assert facts.gastric_ulcer_history.value is None
    assert facts.tissue_diagnosis_obtained.value is None


def test_no_primary_cancer_record_does_not_prove_an_unknown_primary() -> None:
    assert (
        facts_from(
            conditions=[condition("htn", P, [(SCT, "38341003", "Hypertension")])]
        ).known_primary.value
        is None
    )


def test_coded_unknown_primary_is_a_negative_finding() -> None:
    facts = facts_from(
        conditions=[condition("cup", P, [(ICD, "C80.9", "Primaire tumor onbekend")])]
    )
    assert facts.known_primary.value is False
    assert facts.known_primary.evidence[0].reference == "Condition/cup"


@pytest.mark.parametrize(
    ("coding", "expected"),
    [
        ((SCT, "254837009", "Breast cancer"), True),
        ((ICD, "C50.9", "Mammacarcinoom"), True),
        ((ICD, "C79.5", "Secondary bone"), None),
    ],
    ids=["snomed", "icd10-nl-prefix", "secondary-is-not-a-primary"],
)
def test_known_primary_from_snomed_or_icd10(
    coding: tuple[str, str, str], expected: bool | None
) -> None:
    assert facts_from(conditions=[condition("c", P, [coding])]).known_primary.value is expected


@pytest.mark.parametrize("verification", ["entered-in-error", "refuted"])
def test_struck_out_conditions_never_count(verification: str) -> None:
    facts = facts_from(
        conditions=[
            condition("c", P, [(SCT, "71286001", "SCC")], verification=verification),
            condition("p", P, [(SCT, "254837009", "Breast")], verification=verification),
        ]
    )
    assert facts.mescc_clinical_suspicion.value is None
    assert facts.known_primary.value is None


def test_suspected_primary_is_not_a_known_primary() -> None:
    assert (
        facts_from(
            conditions=[
                condition("p", P, [(SCT, "254837009", "Breast")], verification="provisional")
            ]
        ).known_primary.value
        is None
    )


def test_provisional_spinal_metastasis_is_a_suspicion_with_provenance() -> None:
    facts = facts_from(
        conditions=[
            condition(
                "m",
                P,
                [(SCT, "94602001", "Vertebral mets")],
                verification="provisional",
                recorded="2026-11-22",
            )
        ]
    )
    assert facts.spinal_metastasis_suspected.value is True
    assert str(facts.spinal_metastasis_suspected.evidence[0]) == "Condition/m (2026-11-22)"


def test_bone_metastasis_counts_as_spinal_only_with_a_vertebral_body_site() -> None:
    femur = condition(
        "b1", P, [(SCT, "94222008", "Bone mets")], body_site=[(SCT, "71341001", "Femur")]
    )
    spine = condition(
        "b2",
        P,
        [(SCT, "94222008", "Bone mets")],
        body_site=[(SCT, "421060004", "Vertebral column")],
    )
    assert facts_from(conditions=[femur]).spinal_metastasis_suspected.value is None
    assert facts_from(conditions=[spine]).spinal_metastasis_suspected.value is True


def test_resolved_cord_compression_is_not_a_current_suspicion() -> None:
    assert (
        facts_from(
            conditions=[condition("c", P, [(SCT, "71286001", "SCC")], clinical="resolved")]
        ).mescc_clinical_suspicion.value
        is None
    )


def test_history_of_gastric_ulcer_counts_resolved_records_but_not_refuted() -> None:
    resolved = condition("u1", P, [(SCT, "397825006", "Gastric ulcer")], clinical="resolved")
    refuted = condition("u2", P, [(ICD, "K25.9", "Ulcus ventriculi")], verification="refuted")
    assert facts_from(conditions=[resolved]).gastric_ulcer_history.value is True
    assert facts_from(conditions=[refuted]).gastric_ulcer_history.value is None


def test_answers_explicitly_false_are_false() -> None:
    obs = [
        answer(
            "a1",
            P,
            "mescc-clinical-suspicion",
            "2026-11-23T09:00:00+01:00",
            {"valueBoolean": False},
        ),
        answer("a2", P, "lhermitte-sign", "2026-11-23T09:00:00+01:00", {"valueBoolean": False}),
    ]
    facts = facts_from(observations=obs)
    assert facts.mescc_clinical_suspicion.value is False
    assert facts.lhermitte_sign.value is False


def test_explicit_answer_outranks_a_coded_condition() -> None:
    facts = facts_from(
        conditions=[condition("c", P, [(SCT, "71286001", "SCC")], verification="provisional")],
        observations=[
            answer(
                "a",
                P,
                "mescc-clinical-suspicion",
                "2026-11-23T09:00:00+01:00",
                {"valueBoolean": False},
            )
        ],
    )
    assert facts.mescc_clinical_suspicion.value is False


def test_newest_answer_wins_and_old_answers_expire() -> None:
    old = answer(
        "old", P, "deficit-progressive", "2026-11-23T07:00:00+01:00", {"valueBoolean": False}
    )
    new = answer(
        "new", P, "deficit-progressive", "2026-11-23T09:00:00+01:00", {"valueBoolean": True}
    )
    assert facts_from(observations=[new, old]).deficit_progressive.value is True
    expired = answer(
        "x", P, "deficit-progressive", "2026-11-21T09:00:00+01:00", {"valueBoolean": True}
    )
    assert facts_from(observations=[expired]).deficit_progressive.value is None


def test_entered_in_error_answer_is_ignored() -> None:
    obs = answer("a", P, "lhermitte-sign", "2026-11-23T09:00:00+01:00", {"valueBoolean": True})
    obs["status"] = "entered-in-error"
    assert facts_from(observations=[obs]).lhermitte_sign.value is None


def test_answers_in_another_code_system_are_not_ours() -> None:
    obs = answer("a", P, "lhermitte-sign", "2026-11-23T09:00:00+01:00", {"valueBoolean": True})
    obs["code"]["coding"][0]["system"] = "http://other.example/CodeSystem/x"
    assert facts_from(observations=[obs]).lhermitte_sign.value is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"coding": [{"system": SCT, "code": LEFT}]}, "unilateral"),
        ({"coding": [{"system": SCT, "code": BOTH}]}, "bilateral"),
        ({"coding": [{"system": INPUT, "code": "absent"}]}, "absent"),
        ({"text": "links"}, None),
    ],
    ids=["left", "both", "absent", "text-only-is-not-guessed"],
)
def test_laterality_answers(value: dict[str, Any], expected: str | None) -> None:
    obs = answer(
        "a", P, "radicular-pain", "2026-11-23T09:00:00+01:00", {"valueCodeableConcept": value}
    )
    assert facts_from(observations=[obs]).radicular_pain.value == expected


def test_coded_radiculopathy_with_laterality_is_radicular_pain() -> None:
    cond = condition(
        "r", P, [(SCT, "72274001", "Radiculopathy")], body_site=[(SCT, BOTH, "Right and left")]
    )
    assert facts_from(conditions=[cond]).radicular_pain.value == "bilateral"


def test_deficit_onset_within_7_days_is_computed_from_now() -> None:
    recent = answer(
        "a", P, "deficit-onset", "2026-11-23T09:00:00+01:00", {"valueDateTime": "2026-11-20"}
    )
    assert facts_from(observations=[recent]).deficit_onset_within_7_days is True
    older = answer(
        "a", P, "deficit-onset", "2026-11-23T09:00:00+01:00", {"valueDateTime": "2026-11-10"}
    )
    assert facts_from(observations=[older]).deficit_onset_within_7_days is False
    assert facts_from().deficit_onset_within_7_days is None


def test_medication_facts_read_active_requests_and_statements() -> None:
    facts = facts_from(
        medications=[
            med("m1", "M01AE01"),
            med("m2", "B01AF01", kind="MedicationStatement"),
            med("m3", "A02BC01", status="stopped"),
        ]
    )
    assert facts.nsaid_use.value is True
    assert facts.anticoagulant_use.value is True
    assert (
        facts.ppi_active.value is False
    )  # the PPI was stopped: the list was read, so this is a real no
    assert facts.platelet_inhibitor_use.value is False


def test_one_unreadable_medication_record_leaves_the_negative_facts_unknown() -> None:
    """The record we cannot read, or that names its drug only by reference, may be the NSAID."""
    malformed = {**med("m1", "M01AE01"), "authoredOn": 12345}
    by_reference = {
        "resourceType": "MedicationRequest",
        "id": "m2",
        "status": "active",
        "medicationReference": {"reference": "Medication/x"},
    }
    for record in (malformed, by_reference):
        facts = facts_from(medications=[record, med("m3", "H02AB02")])
        assert facts.nsaid_use.value is None
        assert facts.corticosteroid_active.value is True  # what was read still counts


def test_unreadable_medication_list_leaves_medication_facts_unknown() -> None:
    facts = facts_from(medications=[med("m1", "M01AE01")], unavailable=("medications",))
    assert facts.nsaid_use.value is None
    assert facts.missing_data == ("medications",)


def test_completed_biopsy_is_a_tissue_diagnosis() -> None:
    biopsy = {
        "resourceType": "Procedure",
        "id": "bx",
        "status": "completed",
        "code": {"coding": [{"system": SCT, "code": "86273004"}]},
        "performedDateTime": "2026-11-22",
    }
    planned = {**biopsy, "id": "bx2", "status": "preparation"}
    assert facts_from(procedures=[biopsy]).tissue_diagnosis_obtained.value is True
    assert facts_from(procedures=[planned]).tissue_diagnosis_obtained.value is None


def test_asia_grade_and_presentation_time() -> None:
    obs = answer(
        "a",
        P,
        "asia-grade",
        "2026-11-23T09:00:00+01:00",
        {"valueCodeableConcept": {"coding": [{"system": INPUT, "code": "asia-a"}]}},
    )
    facts = facts_from(observations=[obs])
    assert facts.asia_grade.value == "asia-a"
    assert facts.asia_assessed_at.value == datetime(2026, 11, 23, 8, tzinfo=UTC)


def test_malformed_selected_resource_is_skipped_and_counted() -> None:
    broken = condition("c", P, [(SCT, "71286001", "SCC")])
    broken["bodySite"] = "not-a-list"
    facts = facts_from(conditions=[broken, condition("p", P, [(SCT, "254837009", "Breast")])])
    assert facts.skipped_malformed == 1
    assert facts.known_primary.value is True


@pytest.mark.parametrize(
    ("performed", "counts"),
    [("2026-11-01", True), ("2026-10-27", True), ("2026-10-25", False), ("2019-05-01", False)],
)
def test_only_a_recent_spine_mri_may_already_show_the_metastases(
    performed: str, counts: bool
) -> None:
    """SM-D02 under CDS_SPINE_RECENT_MRI_DAYS (28): an MRI from 2019 cannot show today's."""
    mri = {
        "resourceType": "Procedure",
        "id": "mri",
        "status": "completed",
        "code": {"coding": [{"system": SCT, "code": "241645008"}]},
        "performedDateTime": performed,
    }
    facts = facts_from(procedures=[mri])
    assert facts.mri_spine_found.value is (True if counts else None)
    assert facts.whole_spine_mri.value is None  # an MRI record does not say "gehele wervelkolom"


def test_a_recently_confirmed_spinal_metastasis_is_imaging_an_old_one_is_not() -> None:
    """SM-D02: a diagnosis confirmed (by imaging) this month shows the metastases; one from
    2019 does not show today's complaint."""
    recent = condition("met", P, [(SCT, "94602001", "Spinal metastasis")], recorded="2026-11-20")
    old = condition("met", P, [(SCT, "94602001", "Spinal metastasis")], recorded="2019-05-01")
    assert facts_from(conditions=[recent]).mri_spine_found.value is True
    assert facts_from(conditions=[old]).mri_spine_found.value is None


def test_a_medication_list_read_only_in_part_proves_no_negative() -> None:
    """A page that could not be read may hold the NSAID: unknown, never 'no'."""
    from dataclasses import replace

    from hooks.spinal_metastases.policy import SpinePolicy
    from hooks.spinal_metastases.reading.read import read_facts
    from tests.hooks.spinal_metastases.cases import call_with

    call = call_with(medications=[med("m1", "H02AB02")])
    partial = replace(call.data["medications"], problem="page 2 could not be read")
    facts = read_facts(replace(call, data={**call.data, "medications": partial}), SpinePolicy())
    assert facts.nsaid_use.value is None
    assert facts.corticosteroid_active.value is True


PRK = "urn:oid:2.16.840.1.113883.2.4.4.10"


def _home(rid: str, codings: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
    """A MedicationStatement (zib MedicatieGebruik) from the home-medication list."""
    return {
        "resourceType": "MedicationStatement",
        "id": rid,
        "status": "active",
        "medicationCodeableConcept": {"coding": codings},
        "effectivePeriod": {"start": "2026-06-01"},
        **extra,
    }


def test_home_medication_statements_count_for_sm_cs03() -> None:
    """Issue 14.2: the thrombosis service's acenocoumarol lives in MedicatieGebruik."""
    facts = facts_from(medication_statements=[_home("ms", [{"system": ATC, "code": "B01AA07"}])])
    assert facts.anticoagulant_use.value is True
    assert facts.anticoagulant_use.evidence[0].reference == "MedicationStatement/ms"
    assert facts.ppi_active.value is False  # both lists read, every record classified


def test_g_standaard_only_home_medication_is_unknown_never_no() -> None:
    facts = facts_from(medication_statements=[_home("ms", [{"system": PRK, "code": "99990001"}])])
    for fact in (facts.anticoagulant_use, facts.nsaid_use, facts.ppi_active):
        assert fact.value is None
        assert fact.evidence[0].reference == "MedicationStatement/ms"


def test_unreadable_home_medication_list_gives_no_negative() -> None:
    facts = facts_from(medications=[med("m1", "A02BC01")], unavailable=("medicationStatements",))
    assert facts.ppi_active.value is True  # what was read still counts
    assert facts.anticoagulant_use.value is None
    assert facts.missing_data == ("medicationStatements",)


def test_systemic_anticancer_therapy_in_home_medication_counts() -> None:
    facts = facts_from(medication_statements=[_home("ms", [{"system": ATC, "code": "L02BG04"}])])
    assert facts.systemic_therapy_active.value is True
