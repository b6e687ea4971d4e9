"""Known primary (SM-D02, SM-CS01, SM-DX0x) as Dutch charts record it.

A malignancy in remission is the classic history of a spinal relapse years later; a prostate
adenocarcinoma coded with an ordinary SNOMED concept is a primary too. Only confirmed records
count; an inactive or resolved one is a malignancy in the history, which by default asks.
"""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.build import ICD10NL, SCT, condition
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.read import read_facts
from tests.hooks.spinal_metastases.cases import call_with

P = "pat-facts"
BREAST = [(SCT, "254837009", "Malignant neoplasm of breast"), (ICD10NL, "C50.9", "Mammacarcinoom")]


def _known(*conditions: dict[str, Any], policy: SpinePolicy | None = None) -> Any:
    return read_facts(call_with(list(conditions)), policy or SpinePolicy()).known_primary


@pytest.mark.parametrize("status", ["active", "recurrence", "relapse", "remission"])
def test_a_confirmed_malignancy_current_or_in_remission_is_a_known_primary(status: str) -> None:
    fact = _known(condition("ca", P, BREAST, clinical=status))
    assert fact.value is True
    assert [e.reference for e in fact.evidence] == ["Condition/ca"]


@pytest.mark.parametrize(
    "verification", ["provisional", "differential", "unconfirmed", "refuted", "entered-in-error"]
)
def test_a_malignancy_not_confirmed_never_counts(verification: str) -> None:
    assert _known(condition("ca", P, BREAST, verification=verification)).value is None


def test_prostate_adenocarcinoma_by_an_ordinary_snomed_concept_counts() -> None:
    prostate = condition("ca", P, [(SCT, "399490008", "Adenocarcinoma of prostate")])
    assert _known(prostate).value is True


def test_basal_cell_carcinoma_of_skin_c44_is_not_a_primary_for_this_guideline() -> None:
    skin = condition("bcc", P, [(ICD10NL, "C44.3", "Basaalcelcarcinoom huid gelaat")])
    assert _known(skin).value is None


def test_the_mcode_primary_cancer_profile_counts_whatever_its_code() -> None:
    profiled = condition("ca", P, [("http://example.org/local-codes", "LOC-42", "Tumour")])
    profiled["meta"] = {
        "profile": [
            "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition"
        ]
    }
    assert _known(profiled).value is True


@pytest.mark.parametrize("status", ["inactive", "resolved"])
def test_a_malignancy_in_the_history_asks_and_names_its_record(status: str) -> None:
    history = condition("ca", P, BREAST, clinical=status, recorded="2014-03-12")
    fact = _known(history)
    assert fact.value is None  # default CDS_SPINE_HISTORY_OF_MALIGNANCY=ask: both branches
    (record,) = fact.evidence
    assert record.reference == "Condition/ca"
    assert record.date == "2014-03-12"
    assert record.describe("nl").endswith(
        "(maligniteit in de voorgeschiedenis; of die de primaire tumor is, is lokaal beleid: vraag)"
    )
    known = _known(history, policy=SpinePolicy(history_of_malignancy="known"))
    assert known.value is True


def test_the_answer_outranks_the_record_and_c80_says_unknown_origin() -> None:
    cup = condition("cup", P, [(ICD10NL, "C80.9", "Primaire lokalisatie onbekend")])
    assert _known(cup).value is False


def test_a_primary_known_only_through_the_local_code_list_says_so(tmp_path: Any) -> None:
    import json

    from hooks import codes, local_value_sets

    local = {
        "resourceType": "ValueSet",
        "url": "https://metastasis-cds.example/fhir/ValueSet/primary-malignancy",
        "status": "active",
        "compose": {
            "include": [{"system": "http://hospital.example/dbc", "concept": [{"code": "X-42"}]}]
        },
    }
    path = tmp_path / "local.json"
    path.write_text(json.dumps(local), encoding="utf-8")
    record = condition("ca", P, [("http://hospital.example/dbc", "X-42", "Lokale diagnose")])
    try:
        local_value_sets.load_configured(
            local_value_sets.LocalValueSetSettings(local_value_sets_file=path)
        )
        fact = _known(record)
        assert fact.value is True
        assert (
            fact.evidence[0]
            .describe("nl")
            .endswith("(herkend via de lokale codelijst (lokaal beleid))")
        )
    finally:  # without a file, the additions are removed again
        local_value_sets.load_configured(local_value_sets.LocalValueSetSettings())
    assert not codes.PRIMARY_CANCER.matches(record["code"])
