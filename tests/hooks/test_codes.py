from __future__ import annotations

from hooks.codes import (
    BONE_METASTASIS,
    HGNC,
    ICD10,
    ICD10_NL,
    ICD_O3,
    ICD_O3_OID,
    PRIMARY_CANCER,
    SPINAL_METASTASIS,
    SYSTEMIC_CORTICOSTEROID,
    Code,
    ValueSet,
)


def test_icd10_prefix_matching_in_who_and_nl_systems() -> None:
    assert BONE_METASTASIS.matches_coding(ICD10, "C79.5")
    assert BONE_METASTASIS.matches_coding(ICD10_NL, "C79.51")
    assert not BONE_METASTASIS.matches_coding(ICD10_NL, "C79.4")
    # C79.5 is bone *and bone marrow*, any site: never by itself a spinal metastasis.
    assert not SPINAL_METASTASIS.matches_coding(ICD10_NL, "C79.5")
    assert PRIMARY_CANCER.matches_coding(ICD10_NL, "C50.9")
    assert not PRIMARY_CANCER.matches_coding(ICD10_NL, "C79.5")  # secondary, not a primary
    assert not PRIMARY_CANCER.matches_coding(ICD10_NL, "C80")  # unknown primary


def test_matching_is_code_system_aware() -> None:
    assert not BONE_METASTASIS.matches_coding("http://snomed.info/sct", "C79.5")
    assert not SPINAL_METASTASIS.matches_coding(None, "94602001")
    assert SPINAL_METASTASIS.matches(
        {"coding": [{"system": "http://snomed.info/sct", "code": "94602001"}]}
    )


def test_text_only_concepts_are_not_guessed() -> None:
    assert not SPINAL_METASTASIS.matches({"text": "wervelmetastasen"})
    assert not SPINAL_METASTASIS.matches({"coding": "garbage"})
    assert not SPINAL_METASTASIS.matches(None)


def test_atc_groups_match_their_substances() -> None:
    assert SYSTEMIC_CORTICOSTEROID.matches_coding("http://www.whocc.no/atc", "H02AB02")
    assert not SYSTEMIC_CORTICOSTEROID.matches_coding("http://www.whocc.no/atc", "H03AA01")


def test_hgnc_in_both_forms() -> None:
    braf = ValueSet("braf", (Code(HGNC, "HGNC:1097", "BRAF"),))
    assert braf.matches_coding(HGNC, "HGNC:1097")
    assert braf.matches_coding(HGNC, "1097")
    assert not braf.matches_coding(HGNC, "3430")


def test_icd_o3_under_both_system_uris() -> None:
    net = ValueSet("net", (Code(ICD_O3, "8240/3", "Carcinoid"),))
    assert net.matches_coding(ICD_O3, "8240/3")
    assert net.matches_coding(ICD_O3_OID, "8240/3")
    assert not net.matches_coding(ICD_O3_OID, "8249/3")


def test_asia_grades_read_as_clinicians_write_them() -> None:
    from hooks.cards import describe_value

    assert describe_value("asia-a", "nl", "Europe/Amsterdam") == "ASIA A"


def test_the_memo_of_answered_codings_keeps_no_caller_sized_keys() -> None:
    vs = ValueSet("t", (Code(ICD10, "C79.5", "x"),))
    assert vs.matches({"coding": [{"system": ICD10, "code": "C79.51"}]})
    assert not vs.matches({"coding": [{"system": ICD10, "code": "X" * 10_000}]})
    assert list(vs._seen) == [(ICD10, "C79.51")]


def test_any_shape_of_coding_an_ehr_sends_is_read_without_error() -> None:
    """The fast path reads the codings in place: odd members are skipped, never raised on."""
    good = {"system": ICD10_NL, "code": "C79.51"}
    odd: list[object] = [
        {"system": ["not", "hashable"], "code": "C79.5"},
        {"system": ICD10, "code": {"not": "a string"}},
        {"system": None, "code": "C79.5"},
        "C79.5",
        None,
        7,
    ]
    assert not BONE_METASTASIS.matches({"coding": odd})
    assert BONE_METASTASIS.matches({"coding": [*odd, good]})
    assert not BONE_METASTASIS.matches({"coding": {"system": ICD10, "code": "C79.5"}})
    assert not BONE_METASTASIS.matches(["coding"])  # type: ignore[arg-type]


def test_a_coding_list_of_a_list_subclass_is_read_like_a_list() -> None:
    class Codings(list[object]):
        pass

    concept = {"coding": Codings([{"system": ICD10_NL, "code": "C79.51"}])}
    assert BONE_METASTASIS.matches(concept)
