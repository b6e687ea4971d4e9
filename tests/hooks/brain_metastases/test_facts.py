"""FHIR fragments → BrainFacts: unknown is not false; refuted and entered-in-error never count."""

from __future__ import annotations

from typing import Any

from hooks.brain_metastases.facts import read_facts
from hooks.brain_metastases.policy import BrainPolicy
from tests.hooks.common.support import (
    ICD10NL,
    LOINC,
    SCT,
    call,
    coded,
    condition,
    observation,
    variant,
)

POLICY = BrainPolicy()


def brain(rid: str = "bm", **kw: Any) -> dict[str, Any]:
    return condition(rid, (SCT, "94225005"), (ICD10NL, "C79.3"), **kw)


def test_nothing_recorded_is_unknown_everywhere() -> None:
    f = read_facts(call({"conditions": [], "observations": []}), POLICY)
    assert f.brain_metastases.value is None
    assert f.symptomatic.value is None
    assert f.molecular_result.value is None
    assert f.braf_mutation.value is None


def test_refuted_and_entered_in_error_brain_metastases_never_count() -> None:
    data = {
        "conditions": [
            brain("r", verification="refuted"),
            brain("e", verification="entered-in-error"),
        ]
    }
    assert read_facts(call(data), POLICY).brain_metastases.value is None


def test_icd10_nl_alone_is_enough_and_suspected_only_is_flagged() -> None:
    data = {
        "conditions": [
            condition("bm", (ICD10NL, "C79.3"), verification="provisional"),
        ]
    }
    f = read_facts(call(data), POLICY)
    assert f.brain_metastases.value is True
    assert f.suspected_only is True


def test_symptomatic_from_a_manifestation_and_not_from_asymptomatic() -> None:
    headache = brain(evidence=[{"code": [coded(SCT, "25064002")]}])
    f = read_facts(call({"conditions": [headache]}), POLICY)
    assert f.symptomatic.value is True
    quiet = brain(evidence=[{"code": [coded(SCT, "84387000")]}])
    assert read_facts(call({"conditions": [quiet]}), POLICY).symptomatic.value is False
    text_only = brain(evidence=[{"code": [{"text": "hoofdpijn"}]}])
    assert read_facts(call({"conditions": [text_only]}), POLICY).symptomatic.value is None


def test_braf_from_variant_or_v600e_immunostain() -> None:
    data = {"conditions": [brain()], "observations": [variant("v", "BRAF", "HGNC:1097", True)]}
    f = read_facts(call(data), POLICY)
    assert f.braf_mutation.value is True
    assert f.molecular_result.value is True
    ihc = observation("ihc", "85299-6", valueCodeableConcept=coded(LOINC, "LA6577-6"))
    assert (
        read_facts(
            call({"conditions": [brain()], "observations": [ihc]}), POLICY
        ).braf_mutation.value
        is False
    )


def test_other_gene_results_make_the_profile_known_but_braf_unknown() -> None:
    kras = variant("k", "KRAS", "HGNC:6407", True)
    f = read_facts(call({"conditions": [brain()], "observations": [kras]}), POLICY)
    assert f.molecular_result.value is True
    assert f.braf_mutation.value is None


def test_unreadable_observations_leave_the_profile_unknown_and_are_reported() -> None:
    f = read_facts(call({"conditions": [brain()]}, unavailable=("observations",)), POLICY)
    assert f.molecular_result.value is None
    assert f.missing_data == ("observations",)


def test_mdt_request_in_record_is_found_by_the_configured_code() -> None:
    mdt = {
        "resourceType": "ServiceRequest",
        "id": "mdo",
        "status": "active",
        "code": coded(POLICY.mdt_code_system, POLICY.mdt_code),
    }
    revoked = {**mdt, "id": "old", "status": "revoked"}
    f = read_facts(call({"conditions": [brain()], "serviceRequests": [mdt, revoked]}), POLICY)
    assert [e.reference for e in f.mdt_in_record.evidence] == ["ServiceRequest/mdo"]
    local = BrainPolicy(mdt_code_system="urn:local", mdt_code="MDO")
    assert (
        read_facts(
            call({"conditions": [brain()], "serviceRequests": [mdt]}), local
        ).mdt_in_record.value
        is None
    )


def _nsclc_with(*observations: dict[str, Any]) -> Any:
    nsclc = condition("p", (SCT, "254637007"))
    return read_facts(
        call({"conditions": [brain(), nsclc], "observations": [*observations]}), POLICY
    )


PANEL = {
    "BRAF": "HGNC:1097",
    "EGFR": "HGNC:3236",
    "ALK": "HGNC:427",
    "ROS1": "HGNC:10261",
    "KRAS": "HGNC:6407",
    "MET": "HGNC:7029",
}


def test_egfr_variant_present_is_read_with_its_record() -> None:
    f = _nsclc_with(variant("egfr", "EGFR", "HGNC:3236", True, "2026-09-15"))
    assert f.driver_variant.value is True
    assert [str(e) for e in f.driver_variant.evidence] == ["Observation/egfr (2026-09-15)"]
    (finding,) = f.variant_findings
    assert (finding.gene, finding.hgnc_id, finding.coded, finding.listed, finding.present) == (
        "EGFR",
        "HGNC:3236",
        True,
        True,
        True,
    )


def test_an_absent_result_is_listed_and_leaves_the_other_genes_unknown() -> None:
    f = _nsclc_with(variant("egfr", "EGFR", "HGNC:3236", False))
    assert [(x.gene, x.present) for x in f.variant_findings] == [("EGFR", False)]
    assert f.driver_variant.value is None  # the other listed genes have no result: not wild-type
    assert [e.reference for e in f.driver_variant.evidence] == ["Observation/egfr"]


def test_only_every_listed_gene_absent_makes_the_variant_fact_false() -> None:
    results = [variant(g.lower(), g, hgnc, False) for g, hgnc in PANEL.items()]
    f = _nsclc_with(*results)
    assert f.driver_variant.value is False
    assert len(f.driver_variant.evidence) == len(PANEL)
    assert [x.gene for x in f.variant_findings] == list(PANEL)
    assert _nsclc_with(*results[:-1]).driver_variant.value is None


def test_no_variant_result_leaves_the_variant_fact_unknown() -> None:
    f = _nsclc_with()
    assert f.driver_variant.value is None
    assert f.driver_variant.evidence == ()
    assert f.variant_findings == ()


def test_the_hgnc_id_decides_not_the_display_and_a_bare_number_counts() -> None:
    mislabelled = variant("v", "KRAS", "HGNC:3236", True)  # the id is EGFR's
    (finding,) = _nsclc_with(mislabelled).variant_findings
    assert finding.gene == "EGFR"
    bare = variant("v", "EGFR", "3236", True)
    assert _nsclc_with(bare).variant_findings[0].hgnc_id == "HGNC:3236"


def test_a_gene_named_only_as_text_is_a_marked_text_match() -> None:
    text_only = variant("alk", "ALK", "HGNC:427", True)
    text_only["component"][0]["valueCodeableConcept"] = {"text": " alk "}
    f = _nsclc_with(text_only)
    (finding,) = f.variant_findings
    assert (finding.gene, finding.coded, finding.listed, finding.hgnc_id) == (
        "ALK",
        False,
        True,
        None,
    )
    assert f.driver_variant.value is True


def test_a_coded_result_wins_over_a_newer_text_one_of_the_same_gene() -> None:
    coded_absent = variant("coded", "EGFR", "HGNC:3236", False, "2026-01-01")
    text_present = variant("text", "EGFR", "HGNC:3236", True, "2026-10-01")
    text_present["component"][0]["valueCodeableConcept"] = {"coding": [{"display": "EGFR"}]}
    f = _nsclc_with(coded_absent, text_present)
    assert [(x.source.reference, x.present) for x in f.variant_findings] == [
        ("Observation/coded", False)
    ]


def test_the_newest_result_per_gene_wins() -> None:
    old = variant("old", "EGFR", "HGNC:3236", True, "2025-01-01")
    new = variant("new", "EGFR", "HGNC:3236", False, "2026-10-01")
    f = _nsclc_with(old, new)
    assert [x.source.reference for x in f.variant_findings] == ["Observation/new"]
    assert f.driver_variant.value is None


def test_a_gene_outside_the_list_is_listed_but_not_counted() -> None:
    ret = variant("ret", "RET", "HGNC:9967", True)  # ✅¹ only in the clinical model: not read
    f = _nsclc_with(ret)
    (finding,) = f.variant_findings
    assert (finding.gene, finding.listed, finding.record_text) == ("HGNC:9967", False, "RET")
    assert f.driver_variant.value is None


def test_a_result_that_says_neither_stays_unknown_with_its_record() -> None:
    f = _nsclc_with(variant("egfr", "EGFR", "HGNC:3236", None))
    assert f.variant_findings[0].present is None
    assert f.driver_variant.value is None
    assert [e.reference for e in f.driver_variant.evidence] == ["Observation/egfr"]


def test_struck_out_results_and_results_without_a_gene_are_not_findings() -> None:
    wrong = variant("err", "EGFR", "HGNC:3236", True)
    wrong["status"] = "entered-in-error"
    no_gene = variant("nogene", "EGFR", "HGNC:3236", True)
    no_gene["component"] = [{"code": coded(LOINC, "81252-9"), "valueString": "c.2573T>G"}]
    f = _nsclc_with(wrong, no_gene)
    assert f.variant_findings == ()
    assert f.driver_variant.value is None
    assert f.molecular_result.value is True  # the result without a gene is still a result


def test_a_malformed_variant_is_skipped_and_counted_and_the_others_still_count() -> None:
    broken = variant("broken", "ALK", "HGNC:427", True)
    broken["component"] = ["not an object"]
    odd = variant("odd", "KRAS", "HGNC:6407", False)
    odd["component"][0]["valueCodeableConcept"] = {"coding": "HGNC:6407", "text": 42}
    f = _nsclc_with(broken, odd, variant("egfr", "EGFR", "HGNC:3236", True))
    assert f.skipped_malformed == 1
    assert [x.gene for x in f.variant_findings] == ["EGFR"]
    assert f.driver_variant.value is True


def test_record_text_is_printed_only_as_plain_words() -> None:
    ret = variant("ret", "RET **fusie**\n[link](x)", "HGNC:9967", True)
    (finding,) = _nsclc_with(ret).variant_findings
    assert finding.record_text == "RET fusie linkx"
