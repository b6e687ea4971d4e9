"""FHIR fragments → ImmunotherapyFacts against the site's thresholds, gene list and ATC codes."""

from __future__ import annotations

from hooks.immunotherapy_resistance.facts import read_facts
from hooks.immunotherapy_resistance.policy import ImmunotherapyPolicy
from tests.hooks.common.support import (
    LOINC,
    SCT,
    call,
    coded,
    condition,
    medication,
    observation,
    variant,
)

POLICY = ImmunotherapyPolicy()
NSCLC = condition("p", (SCT, "254637007"))


def test_thresholds_are_local_policy() -> None:
    tmb = observation("t", "94076-7", valueQuantity={"value": 8})
    tps = observation("l", "83053-9", valueQuantity={"value": 0.5})
    data = {"conditions": [NSCLC], "observations": [tmb, tps]}
    f = read_facts(call(data), POLICY)
    assert (f.low_tmb.value, f.pdl1_absent.value) == (True, True)
    strict = ImmunotherapyPolicy(tmb_low_below=5, pdl1_absent_below_percent=0.1)
    f = read_facts(call(data), strict)
    assert (f.low_tmb.value, f.pdl1_absent.value) == (False, False)


def test_newest_pd_l1_result_decides_across_score_and_qualitative_tests() -> None:
    old_score = observation("s", "83053-9", "2025-01-01", valueQuantity={"value": 0})
    new_positive = observation(
        "q", "83052-1", "2026-01-01", valueCodeableConcept=coded(LOINC, "LA6576-8")
    )
    f = read_facts(call({"conditions": [NSCLC], "observations": [old_score, new_positive]}), POLICY)
    assert f.pdl1_absent.value is False
    assert [e.reference for e in f.pdl1_absent.evidence] == ["Observation/q"]


def test_wnt_genes_are_a_setting() -> None:
    axin = variant("v", "AXIN1", "HGNC:903", True)
    data = {"conditions": [NSCLC], "observations": [axin]}
    assert read_facts(call(data), POLICY).wnt_mutation.value is None
    wider = ImmunotherapyPolicy(wnt_genes={"AXIN1": "HGNC:903"})
    assert read_facts(call(data), wider).wnt_mutation.value is True


def test_pd1_given_from_active_orders_only_and_unknown_when_unread() -> None:
    active = medication("m", "L01FF02")
    stopped = medication("s", "L01FF01", status="stopped")
    pdl1_inhibitor = medication("d", "L01FF03")
    f = read_facts(call({"conditions": [NSCLC], "medications": [stopped, pdl1_inhibitor]}), POLICY)
    assert f.pd1.value is False
    f = read_facts(call({"conditions": [NSCLC], "medications": [active]}), POLICY)
    assert f.pd1.value is True
    f = read_facts(call({"conditions": [NSCLC]}), POLICY)
    assert f.pd1.value is None
    group = ImmunotherapyPolicy(pd1_atc=("L01FF",))
    f = read_facts(call({"conditions": [NSCLC], "medications": [pdl1_inhibitor]}), group)
    assert f.pd1.value is True


def test_a_draft_order_is_the_pd1_fact_in_order_hooks() -> None:
    order = medication("draft", "L01FF02", status="draft")
    f = read_facts(call({"conditions": [NSCLC]}, hook="order-sign", orders=[order]), POLICY, order)
    assert [e.reference for e in f.pd1.evidence] == ["MedicationRequest/draft"]
