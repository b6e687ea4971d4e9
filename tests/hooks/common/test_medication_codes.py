"""The medication code lists hold what their sources say, and each medicine lands in its set."""

from __future__ import annotations

import re

import pytest

from hooks.codes import (
    ANTICOAGULANT,
    NSAID,
    PLATELET_INHIBITOR,
    PROTON_PUMP_INHIBITOR,
    SYSTEMIC_CORTICOSTEROID,
    ValueSet,
)
from hooks.common import medication_codes as mc
from tests.conftest import SHARED, requires_shared

ATC = "http://www.whocc.no/atc"


@pytest.mark.parametrize(
    ("drug", "value_set"),
    [
        (mc.DEXAMETHASONE, SYSTEMIC_CORTICOSTEROID),
        (mc.METHYLPREDNISOLONE, SYSTEMIC_CORTICOSTEROID),
        (mc.PREDNISONE, SYSTEMIC_CORTICOSTEROID),
        (mc.ACENOCOUMAROL, ANTICOAGULANT),
        (mc.PHENPROCOUMON, ANTICOAGULANT),
        (mc.WARFARIN, ANTICOAGULANT),
        (mc.ENOXAPARIN, ANTICOAGULANT),
        (mc.RIVAROXABAN, ANTICOAGULANT),
        (mc.DABIGATRAN, ANTICOAGULANT),
        (mc.CLOPIDOGREL, PLATELET_INHIBITOR),
        (mc.OMEPRAZOLE, PROTON_PUMP_INHIBITOR),
        (mc.ESOMEPRAZOLE, PROTON_PUMP_INHIBITOR),
        (mc.DICLOFENAC, NSAID),
        (mc.IBUPROFEN, NSAID),
    ],
    ids=lambda v: v.names[0] if isinstance(v, mc.Drug) else v.name,
)
def test_each_medicine_is_in_its_set(drug: mc.Drug, value_set: ValueSet) -> None:
    assert value_set.matches_coding(ATC, drug.atc)


def test_every_name_is_one_medicine_and_lower_case() -> None:
    names = [name for drug in mc.DRUGS for name in drug.names]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+", name) for name in names)


def test_rxnorm_lists_only_clinical_drugs_with_a_systemic_dose_form() -> None:
    """Products, not ingredients: each name has a strength and a systemic dose form."""
    systemic = r"(Oral (Tablet|Capsule|Solution)|Injectable Solution)( \[\w+\])?$"
    for product in mc.RXNORM_PRODUCTS.values():
        assert re.search(rf"\d+(\.\d+)? MG(/ML)? .*{systemic}", product.display), product
    assert not set(mc.RXNORM_PRODUCTS) & set(mc.RXNORM_INGREDIENTS)
    assert not set(mc.RXNORM_PRODUCTS) & set(mc.RXNORM_LOCAL_PRODUCTS)


def test_local_rxnorm_products_are_local_dose_forms_of_a_named_medicine() -> None:
    for product in mc.RXNORM_LOCAL_PRODUCTS.values():
        assert "Ophthalmic" in product.display, product
        assert product.form in mc.LOCAL_FORMS.values(), product
        assert product.drug.names[0] in product.display.lower(), product


def test_rxnorm_codes_and_names_are_the_sandboxs() -> None:
    """Every verified RxNorm code has this name in the CDS Hooks sandbox's RxNorm list; the
    others are marked unverified (one third-party list)."""
    bundle = requires_shared(SHARED / "cds-hooks-sandbox" / "app.bundle.js").read_text(
        encoding="utf-8"
    )
    for code, product in mc.RXNORM_PRODUCTS.items():
        if product.verification == "verified":
            assert f'{code}:"{product.display}"' in bundle, code
        else:
            assert product.verification == "unverified", code
            assert not re.search(rf'[^0-9]{code}:"', bundle), code  # else it is verified


def test_route_and_form_lists_do_not_overlap() -> None:
    assert not set(mc.SYSTEMIC_ROUTES) & set(mc.LOCAL_ROUTES)
    assert not set(mc.SYSTEMIC_FORMS) & set(mc.LOCAL_FORMS)


def test_g_standaard_systems_are_the_clinical_models() -> None:
    model = requires_shared(SHARED / "clinical-model.md").read_text(encoding="utf-8")
    for system, name in mc.G_STANDAARD.items():
        assert re.search(rf"{name}[^`]{{0,40}}`{re.escape(system)}`", model), name
