from __future__ import annotations

from pathlib import Path

import pytest

from hooks import primary_cancer_codes as pcc
from hooks import value_sets_doc
from hooks.codes import (
    BONE_METASTASIS,
    ICD10,
    ICD10_NL,
    ICD_O3,
    ICD_O3_OID,
    PRIMARY_CANCER,
    PRIMARY_MORPHOLOGY,
    SNOMED,
    SPINAL_METASTASIS,
    UNKNOWN_PRIMARY,
    is_mcode_primary,
    union_of,
)
from hooks.common.codes import MELANOMA, NSCLC, SCLC, SECONDARY_LIVER

ROOT = Path(__file__).resolve().parents[2]


def _coded(system: str, code: str) -> dict[str, object]:
    return {"coding": [{"system": system, "code": code}]}


@pytest.mark.parametrize("entry", pcc.SNOMED_PRIMARIES, ids=lambda p: f"{p.code}-{p.tumour}")
def test_every_listed_snomed_code_is_a_primary(entry: pcc.SnomedPrimary) -> None:
    assert PRIMARY_CANCER.matches(_coded(SNOMED, entry.code))
    assert entry.sources
    assert all(key in pcc.SOURCES for key in entry.sources)


def test_the_snomed_list_holds_international_disorder_ids_once() -> None:
    listed = [p.code for p in pcc.SNOMED_PRIMARIES]
    assert len(listed) == len(set(listed))
    for code in listed:
        assert code.isdigit()
        assert not code.startswith("0")
        # Short-format concept ids of the international release: partition 00, no namespace
        # (US-extension concepts such as ...1000119... are absent from the Dutch edition).
        assert code[-3:-1] == "00", code
    assert not set(listed) & {code for code, _, _ in pcc.SNOMED_HELD_BACK}


def test_the_tumour_types_the_brief_names_are_all_covered() -> None:
    named = {p.tumour for p in pcc.SNOMED_PRIMARIES if p.seed}
    ours = {p.tumour for p in pcc.SNOMED_PRIMARIES if not p.seed}
    assert named == {
        "breast",
        "NSCLC",
        "colorectal",
        "melanoma",
        "NET",
        "myeloma",
        "lymphoma",
        "germ cell (testis)",
        "primary liver",
    }
    assert ours == {"prostate", "kidney", "thyroid", "SCLC"}
    assert PRIMARY_CANCER.matches(_coded(SNOMED, "399490008"))  # adenocarcinoma of prostate


def test_a_typed_primary_is_also_in_its_tumour_value_set() -> None:
    """tumours.primary_is / nsclc read "recorded primaries, none of this type" as False: a code
    of a type with its own set must be in that set, or a melanoma reads as "not melanoma"."""
    typed = {"melanoma": MELANOMA, "NSCLC": NSCLC, "SCLC": SCLC}
    for p in pcc.SNOMED_PRIMARIES:
        if p.tumour in typed:
            assert typed[p.tumour].matches(_coded(SNOMED, p.code)), p


@pytest.mark.parametrize("system", [ICD10, ICD10_NL])
@pytest.mark.parametrize(
    "code", ["C00", "C00.0", "C34.1", "C43.5", "C45.0", "C50.9", "C509", "C75.9", "C81.0", "C96.9"]
)
def test_icd10_primaries_match_with_their_sub_codes(system: str, code: str) -> None:
    assert PRIMARY_CANCER.matches_coding(system, code)


@pytest.mark.parametrize("system", [ICD10, ICD10_NL])
@pytest.mark.parametrize("code", ["C97", "C97.0"])
def test_c97_independent_multiple_primaries_counts(system: str, code: str) -> None:
    assert PRIMARY_CANCER.matches_coding(system, code)


@pytest.mark.parametrize("system", [ICD10, ICD10_NL])
@pytest.mark.parametrize(
    "code",
    [
        "C44",
        "C44.9",
        "C449",
        "C4",
        "C76",
        "C76.0",
        "C77.0",
        "C78.7",
        "C79.5",
        "C79.51",
        "C80",
        "C80.0",
        "C80.9",
        "D05.1",
        "D46.9",
        "Z85.3",
    ],
)
def test_skin_ill_defined_secondary_unknown_and_benign_never_count(system: str, code: str) -> None:
    assert not PRIMARY_CANCER.matches_coding(system, code)
    assert not PRIMARY_CANCER.matches(_coded(system, code))


def test_unknown_primary_and_metastases_are_outside_the_primary_set() -> None:
    for vs in (UNKNOWN_PRIMARY, SPINAL_METASTASIS, BONE_METASTASIS, SECONDARY_LIVER):
        for code in vs.codes:
            assert not PRIMARY_CANCER.matches_coding(code.system, code.code), code
    secondary = [
        "94222008",  # Secondary malignant neoplasm of bone
        "94602001",  # Secondary malignant neoplasm of vertebral column
        "94381002",  # Secondary malignant neoplasm of liver
        "94225005",  # Secondary malignant neoplasm of brain
        "128462008",  # Secondary malignant neoplastic disease
        "94503003",  # Metastatic malignant neoplasm to prostate (VSAC Prostate Cancer)
        "94260004",  # Metastatic malignant neoplasm to colon (VSAC Malignant Neoplasm of Colon)
        "94047004",  # Primary malignant neoplasm of skin: the C44 of SNOMED, never counts
    ]
    for sct in secondary:
        assert not PRIMARY_CANCER.matches(_coded(SNOMED, sct)), sct


@pytest.mark.parametrize("system", [ICD_O3, ICD_O3_OID])
def test_icd_o3_behaviour_3_is_a_primary(system: str) -> None:
    for code in ("8140/3", "8240/3", "8720/3", "9732/3", " 8500/3 "):
        assert PRIMARY_CANCER.matches_coding(system, code), code
        assert PRIMARY_MORPHOLOGY.matches(_coded(system, code.strip()))
    for code in ("8140/0", "8140/1", "8140/2", "8140/6", "8140/9", "8140/33", "81403", "814/3"):
        assert not PRIMARY_CANCER.matches_coding(system, code), code
    assert not PRIMARY_CANCER.matches_coding(SNOMED, "8140/3")  # the system decides


def test_a_union_keeps_the_patterns() -> None:
    union = union_of((SPINAL_METASTASIS, PRIMARY_CANCER))
    assert union.matches(_coded(ICD_O3, "8070/3"))
    assert union.matches(_coded(SNOMED, "94602001"))


def test_the_mcode_primary_profile_is_a_resource_level_test() -> None:
    profile = pcc.MCODE_PRIMARY_CANCER_CONDITION
    assert is_mcode_primary({"resourceType": "Condition", "meta": {"profile": [profile]}})
    assert is_mcode_primary({"meta": {"profile": ["x", f"{profile}|4.0.0"]}})
    assert not is_mcode_primary({"resourceType": "Observation", "meta": {"profile": [profile]}})
    for meta in (
        None,
        {},
        {"profile": profile},
        {"profile": [7]},
        "x",
        {"profile": [f"{profile}x"]},
    ):
        assert not is_mcode_primary({"resourceType": "Condition", "meta": meta})


def test_the_committed_value_sets_document_is_current() -> None:
    committed = (ROOT / "docs" / "value-sets.md").read_text(encoding="utf-8")
    assert committed == value_sets_doc.render(), "run `python -m hooks.value_sets_doc`"
