"""Which primary the record names: a named other primary says "not this one"; none says unknown."""

from __future__ import annotations

from hooks.common import tumours
from hooks.common.codes import MELANOMA
from hooks.common.lean import Condition
from tests.hooks.common.support import ICD10NL, SCT, condition, with_histology


def parse(*raw: dict[str, object]) -> list[Condition]:
    return [Condition.model_validate(r) for r in raw]


def test_melanoma_true_false_unknown() -> None:
    melanoma = parse(condition("m", (SCT, "372244006")))
    assert tumours.primary_is(melanoma, MELANOMA).value is True
    breast = parse(condition("b", (ICD10NL, "C50.9")))
    assert tumours.primary_is(breast, MELANOMA).value is False
    assert tumours.primary_is([], MELANOMA).value is None


def test_a_suspected_or_refuted_primary_names_no_tumour() -> None:
    suspected = parse(condition("b", (ICD10NL, "C50.9"), verification="provisional"))
    assert tumours.primary_is(suspected, MELANOMA).value is None
    refuted = parse(condition("m", (SCT, "372244006"), verification="refuted"))
    assert tumours.primary_is(refuted, MELANOMA).value is None


def test_nsclc_from_snomed_or_from_c34_with_morphology() -> None:
    assert tumours.nsclc(parse(condition("n", (SCT, "254637007")))).value is True
    adeno = parse(with_histology(condition("l", (ICD10NL, "C34.9")), "8140/3"))
    assert tumours.nsclc(adeno).value is True


def test_c34_without_histology_leaves_nsclc_unknown_with_its_record() -> None:
    fact = tumours.nsclc(parse(condition("l", (ICD10NL, "C34.1"))))
    assert fact.value is None
    assert [e.reference for e in fact.evidence] == ["Condition/l"]


def test_small_cell_and_other_primaries_are_not_nsclc() -> None:
    assert tumours.nsclc(parse(condition("s", (SCT, "254632001")))).value is False
    sclc_by_morphology = parse(with_histology(condition("s", (ICD10NL, "C34.9")), "8041/3"))
    assert tumours.nsclc(sclc_by_morphology).value is False
    assert tumours.nsclc(parse(condition("c", (ICD10NL, "C18.7")))).value is False
    assert tumours.nsclc([]).value is None
