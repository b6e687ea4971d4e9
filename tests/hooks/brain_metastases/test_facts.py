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
