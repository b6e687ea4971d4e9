"""FHIR fragments → NetFacts: NET by ICD-O-3 morphology or carcinoid syndrome; PRRT from orders."""

from __future__ import annotations

from hooks.neuroendocrine_liver.facts import read_facts
from tests.hooks.common.support import (
    ICD10NL,
    SCT,
    call,
    condition,
    medication,
    with_histology,
)

LIVER = condition("lm", (SCT, "94381002"))


def test_net_by_morphology_extension_and_not_by_adenocarcinoma() -> None:
    net = with_histology(condition("p", (ICD10NL, "C17.2")), "8240/3")
    assert read_facts(call({"conditions": [net, LIVER]})).net.value is True
    adeno = with_histology(condition("p", (ICD10NL, "C18.2")), "8140/3")
    assert read_facts(call({"conditions": [adeno, LIVER]})).net.value is None


def test_net_morphology_on_a_suspected_or_refuted_condition_does_not_count() -> None:
    suspected = with_histology(
        condition("p", (ICD10NL, "C17.2"), verification="provisional"), "8240/3"
    )
    refuted = with_histology(condition("q", (ICD10NL, "C17.2"), verification="refuted"), "8249/3")
    assert read_facts(call({"conditions": [suspected, refuted, LIVER]})).net.value is None


def test_carcinoid_syndrome_makes_a_functioning_net() -> None:
    syndrome = condition("cs", (SCT, "35868009"))
    f = read_facts(call({"conditions": [syndrome, LIVER]}))
    assert f.net.value is True
    assert f.functioning.value is True


def test_lutetium_planned_active_or_unknown() -> None:
    net = with_histology(condition("p", (ICD10NL, "C17.2")), "8240/3")
    planned = medication("lu", "V10XX04", status="draft")
    f = read_facts(call({"conditions": [net, LIVER], "medications": [planned]}))
    assert f.lutetium_dotatate.value is True
    done = medication("lu", "V10XX04", status="completed")
    f = read_facts(call({"conditions": [net, LIVER], "medications": [done]}))
    assert f.lutetium_dotatate.value is False  # the list was read: none planned or active
    f = read_facts(
        call({"conditions": [net, LIVER]}, unavailable=("medications", "medicationStatements"))
    )
    assert f.lutetium_dotatate.value is None
    assert f.missing_data == ("medications", "medicationStatements")


def test_suspected_liver_metastases_are_not_known_liver_metastases() -> None:
    """NET-01 speaks of patients "eenmaal bekend ... met leveruitzaaiingen"."""
    net = with_histology(condition("p", (ICD10NL, "C17.2")), "8240/3")
    suspected = condition("lm", (SCT, "94381002"), verification="provisional")
    assert read_facts(call({"conditions": [net, suspected]})).liver_metastases.value is None
    assert read_facts(call({"conditions": [net, LIVER]})).liver_metastases.value is True
