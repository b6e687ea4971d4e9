"""Medication records → in use now: ATC first, RxNorm clinical drugs, G-Standaard unknown, a
name in the text only with a systemic route or dose form, and "no" only from complete lists."""

from __future__ import annotations

from typing import Any

import pytest

from hooks.codes import (
    ANTICOAGULANT,
    NSAID,
    PROTON_PUMP_INHIBITOR,
    SYSTEMIC_CORTICOSTEROID,
)
from hooks.common.medication import read_records

ATC = "http://www.whocc.no/atc"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
SCT = "http://snomed.info/sct"
PRK = "urn:oid:2.16.840.1.113883.2.4.4.10"
HPK = "urn:oid:2.16.840.1.113883.2.4.4.7"
ORAL = {"coding": [{"system": SCT, "code": "26643006", "display": "Oral route"}]}
EYE = {"coding": [{"system": SCT, "code": "54485002", "display": "Ophthalmic route"}]}


def statement(
    rid: str,
    *codings: tuple[str, str],
    text: str | None = None,
    status: str = "active",
    route: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "id": rid,
        "status": status,
        "effectivePeriod": {"start": "2026-06-01"},
        **extra,
    }
    if codings or text:
        concept: dict[str, Any] = {"coding": [{"system": s, "code": c} for s, c in codings]}
        if text:
            concept["text"] = text
        resource["medicationCodeableConcept"] = concept
    if route is not None:
        resource["dosage"] = [{"route": route}]
    return resource


def medication(rid: str, *codings: tuple[str, str], form: str | None = None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Medication",
        "id": rid,
        "code": {"coding": [{"system": s, "code": c} for s, c in codings]},
    }
    if form:
        resource["form"] = {"coding": [{"system": SCT, "code": form}]}
    return resource


def use(*resources: dict[str, Any], value_set: Any = ANTICOAGULANT, complete: bool = True) -> Any:
    return read_records(resources, complete=complete).use(value_set)


def test_home_medication_with_atc_counts_as_in_use() -> None:
    fact = use(statement("ms", (ATC, "B01AA07")))
    assert fact.value is True
    assert [e.reference for e in fact.evidence] == ["MedicationStatement/ms"]
    assert fact.evidence[0].date == "2026-06-01"


@pytest.mark.parametrize("status", ["completed", "stopped", "entered-in-error", "not-taken"])
def test_statement_not_in_use_never_counts(status: str) -> None:
    assert use(statement("ms", (ATC, "B01AA07"), status=status)).value is False


def test_intended_counts_and_an_unknown_status_is_unknown() -> None:
    assert use(statement("ms", (ATC, "B01AA07"), status="intended")).value is True
    fact = use(statement("ms", (ATC, "B01AA07"), status="unknown"))
    assert fact.value is None
    assert fact.evidence[0].note == ("status onbekend", "status unknown")


def test_atc_of_another_group_is_a_real_no() -> None:
    assert use(statement("ms", (ATC, "A02BC01"))).value is False


def test_g_standaard_only_is_unknown_and_named() -> None:
    fact = use(statement("ms", (PRK, "99990001"), text="ACENOCOUMAROL 1MG TABLET"))
    assert fact.value is None
    assert fact.evidence[0].reference == "MedicationStatement/ms"
    nl, en = fact.evidence[0].note or ("", "")
    assert "G-Standaard PRK 99990001" in nl
    assert "‘acenocoumarol’" in nl  # the name is an anticoagulant: said, but not counted
    assert "cannot be classified" in en


def test_g_standaard_with_atc_is_classified_by_the_atc() -> None:
    record = statement("ms", (HPK, "99990002"), (ATC, "B01AA07"))
    assert use(record).value is True
    assert use(record, value_set=PROTON_PUMP_INHIBITOR).value is False


def test_rxnorm_clinical_drug_maps_to_its_atc() -> None:
    sandbox_dexamethasone = statement("ms", (RXNORM, "197582"))
    assert use(sandbox_dexamethasone, value_set=SYSTEMIC_CORTICOSTEROID).value is True
    assert use(sandbox_dexamethasone).value is False  # a known product that is no anticoagulant
    assert use(statement("w", (RXNORM, "855332"))).value is True  # warfarin 5 mg tablet


def test_rxnorm_ingredient_or_unlisted_code_is_unknown() -> None:
    ingredient = use(statement("ms", (RXNORM, "3264")), value_set=SYSTEMIC_CORTICOSTEROID)
    assert ingredient.value is None
    assert "ingrediënt" in (ingredient.evidence[0].note or ("",))[0]
    assert use(statement("ms", (RXNORM, "999999999"))).value is None


def test_a_name_with_a_systemic_route_is_a_text_match() -> None:
    fact = use(statement("ms", text="Acenocoumarol 1 mg", route=ORAL))
    assert fact.value is True
    assert fact.evidence[0].text_match
    assert fact.evidence[0].note == ("tekstmatch ‘acenocoumarol’", "text match ‘acenocoumarol’")


def test_a_coded_record_outranks_a_text_match() -> None:
    fact = use(
        statement("text", text="warfarine", route=ORAL), statement("coded", (ATC, "B01AF01"))
    )
    assert [e.reference for e in fact.evidence] == ["MedicationStatement/coded"]
    assert not fact.evidence[0].text_match


def test_a_name_without_route_or_form_is_unknown() -> None:
    fact = use(statement("ms", text="Dexamethason 4 mg"), value_set=SYSTEMIC_CORTICOSTEROID)
    assert fact.value is None
    assert "‘dexamethason’ herkend" in (fact.evidence[0].note or ("",))[0]


def test_text_never_proves_a_no() -> None:
    """'Omeprazol' (and perhaps a brand name we do not know) is not proof of no anticoagulant."""
    assert use(statement("ms", text="Omeprazol 20 mg", route=ORAL)).value is None


def test_dexamethasone_eye_drops_are_not_systemic_use() -> None:
    eye_drops = statement("eye", text="Dexamethason 1 mg/ml oogdruppels", route=EYE)
    fact = use(eye_drops, value_set=SYSTEMIC_CORTICOSTEROID)
    assert fact.value is False
    assert fact.evidence[0].reference == "MedicationStatement/eye"  # seen, and said why not
    assert fact.evidence[0].note == (
        "niet systemisch: in het oog",
        "not systemic: Ophthalmic route",
    )
    assert use(eye_drops).value is False  # eye drops are no anticoagulant use either


def test_diclofenac_gel_is_no_nsaid_use() -> None:
    gel = statement(
        "gel",
        medicationReference={"reference": "#gel"},
        contained=[medication("gel", form="385100002")],
    )
    gel["contained"][0]["code"] = {"text": "Diclofenac gel 1%"}
    assert use(gel, value_set=NSAID).value is False


def test_contained_medication_is_read_atc_first() -> None:
    record = statement(
        "ms",
        medicationReference={"reference": "#med"},
        contained=[medication("med", (PRK, "99990001"), (ATC, "B01AA07"))],
    )
    fact = use(record)
    assert fact.value is True
    assert fact.evidence[0].note == ("via Medication #med", "via Medication #med")


@pytest.mark.parametrize(
    "reference",
    [
        "Medication/med-1",
        "https://fhir.hospital.example/r4/Medication/med-1",
        "Medication/med-1/_history/3",
    ],
)
def test_referenced_medication_in_the_data_is_read(reference: str) -> None:
    record = statement("ms", medicationReference={"reference": reference})
    assert use(record, medication("med-1", (ATC, "B01AF01"))).value is True


def test_referenced_medication_not_found_is_unknown_and_named() -> None:
    fact = use(statement("ms", medicationReference={"reference": "Medication/gone"}))
    assert fact.value is None
    assert "Medication/gone niet gevonden" in (fact.evidence[0].note or ("",))[0]


def test_a_medication_request_reads_its_route_from_the_dosage_instruction() -> None:
    request = {
        "resourceType": "MedicationRequest",
        "id": "mr",
        "status": "active",
        "intent": "order",
        "medicationCodeableConcept": {"text": "Naproxen 500 mg"},
        "dosageInstruction": [{"route": ORAL}],
    }
    assert use(request, value_set=NSAID).value is True


def test_no_only_from_complete_lists() -> None:
    atc_only = statement("ms", (ATC, "A02BC01"))
    assert use(atc_only).value is False
    assert use(atc_only, complete=False).value is None


def test_a_malformed_record_is_skipped_counted_and_leaves_no_no() -> None:
    broken = {**statement("bad", (ATC, "A02BC01")), "effectivePeriod": "2026"}
    lists = read_records([broken, statement("ok", (ATC, "A02BC01"))])
    assert lists.skipped == 1
    assert not lists.complete
    assert lists.use(ANTICOAGULANT).value is None
    assert lists.use(PROTON_PUMP_INHIBITOR).value is True


def test_the_same_record_in_both_lists_is_read_once() -> None:
    record = statement("ms", (ATC, "B01AA07"))
    assert len(read_records([record, record]).medicines) == 1


def test_a_record_without_any_medicine_is_unknown() -> None:
    fact = use(statement("ms"))
    assert fact.value is None
    assert fact.evidence[0].note == ("geen geneesmiddel vastgelegd", "no medicine recorded")


def test_an_unfound_medication_given_in_the_eye_is_still_no_systemic_use() -> None:
    record = statement("ms", medicationReference={"reference": "Medication/gone"}, route=EYE)
    assert use(record).value is False


def test_an_unfound_medication_named_in_the_reference_with_a_route_is_a_text_match() -> None:
    record = statement(
        "ms",
        medicationReference={"reference": "Medication/gone", "display": "acenocoumarol 1 mg"},
        route=ORAL,
    )
    fact = use(record)
    assert fact.value is True
    assert fact.evidence[0].text_match
