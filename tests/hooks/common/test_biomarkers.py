"""Reading molecular results: present, absent, or unknown with the result's reference."""

from __future__ import annotations

from hooks.common import biomarkers
from hooks.common.codes import HER2_RESULT, TMB
from hooks.common.lean import Observation
from tests.hooks.common.support import LOINC, SCT, coded, observation, variant

V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"


def parse(*raw: dict[str, object]) -> list[Observation]:
    return [Observation.model_validate(r) for r in raw]


def test_presence_reads_answer_codes_booleans_and_interpretation() -> None:
    positive, negative, flagged, equivocal = parse(
        observation("a", "85319-2", valueCodeableConcept=coded(SCT, "10828004")),
        observation("b", "85319-2", valueCodeableConcept=coded(LOINC, "LA6577-6")),
        observation("c", "85319-2", interpretation=[coded(V3, "POS")]),
        observation("d", "85319-2", valueCodeableConcept=coded(SCT, "42425007")),
    )
    assert biomarkers.presence(positive) is True
    assert biomarkers.presence(negative) is False
    assert biomarkers.presence(flagged) is True
    assert biomarkers.presence(equivocal) is None


def test_newest_result_decides_and_an_unreadable_one_stays_unknown_with_its_reference() -> None:
    old_negative, new_equivocal = parse(
        observation("old", "85319-2", "2025-01-01", valueCodeableConcept=coded(LOINC, "LA6577-6")),
        observation("new", "85319-2", "2026-01-01", valueBoolean=None, valueString="zie verslag"),
    )
    fact = biomarkers.result_fact(biomarkers.counted([old_negative, new_equivocal], HER2_RESULT))
    assert not fact.known
    assert [e.reference for e in fact.evidence] == ["Observation/new"]


def test_no_result_is_unknown_not_negative() -> None:
    fact = biomarkers.result_fact([])
    assert fact.value is None
    assert fact.evidence == ()


def test_entered_in_error_and_registered_results_do_not_count() -> None:
    wrong, pending = parse(
        observation("x", "85319-2", status="entered-in-error", valueBoolean=True),
        observation("y", "85319-2", status="registered"),
    )
    assert biomarkers.counted([wrong, pending], HER2_RESULT) == []


def test_gene_variant_present_absent_and_partly_tested() -> None:
    genes = {"CTNNB1": "HGNC:2514", "APC": "HGNC:583"}
    present = parse(variant("v1", "CTNNB1", "HGNC:2514", True))
    assert biomarkers.gene_variant(present, genes).value is True
    both_absent = parse(
        variant("v1", "CTNNB1", "HGNC:2514", False), variant("v2", "APC", "HGNC:583", False)
    )
    assert biomarkers.gene_variant(both_absent, genes).value is False
    one_absent = parse(variant("v1", "CTNNB1", "HGNC:2514", False))
    partly = biomarkers.gene_variant(one_absent, genes)
    assert partly.value is None  # APC not tested: not "no Wnt mutation"
    assert [e.reference for e in partly.evidence] == ["Observation/v1"]


def test_gene_is_matched_by_symbol_or_bare_hgnc_number() -> None:
    by_number = parse(variant("v", "", "1097", True))
    assert biomarkers.gene_variant(by_number, {"BRAF": "HGNC:1097"}).value is True
    other_gene = parse(variant("v", "KRAS", "HGNC:6407", True))
    assert biomarkers.gene_variant(other_gene, {"BRAF": "HGNC:1097"}).value is None


def test_quantity_below_threshold_and_interpretation_fallback() -> None:
    low, high, flag_low, flag_normal, text = parse(
        observation("a", "94076-7", valueQuantity={"value": 4.0}),
        observation("b", "94076-7", valueQuantity={"value": 10.0}),
        observation("c", "94076-7", interpretation=[coded(V3, "L")]),
        observation("d", "94076-7", interpretation=[coded(V3, "N")]),
        observation("e", "94076-7", valueString="hoog"),
    )
    assert biomarkers.quantity_below([low], 10).value is True
    assert biomarkers.quantity_below([high], 10).value is False  # "below": 10 is not below 10
    assert biomarkers.quantity_below([flag_low], 10, {"L"}).value is True
    assert biomarkers.quantity_below([flag_normal], 10, {"L"}).value is False
    assert biomarkers.quantity_below([text], 10, {"L"}).value is None
    assert biomarkers.counted([low, high], TMB) == [low, high]
