"""How each BrainFacts field reads on a card (the glossary: Dutch term → identifier)."""

from __future__ import annotations

from hooks.cards import FactLabel

LABELS: dict[str, FactLabel] = {
    "brain_metastases": FactLabel(
        "(verdenking op) hersenmetastasen", "(suspected) brain metastases"
    ),
    "symptomatic": FactLabel(
        "symptomatisch (manifestatie vastgelegd bij de hersenmetastasen)",
        "symptomatic (manifestation recorded with the brain metastases)",
    ),
    "melanoma": FactLabel("primaire tumor is een melanoom", "primary tumour is a melanoma"),
    "nsclc": FactLabel(
        "primaire tumor is een niet-kleincellig longcarcinoom (NSCLC)",
        "primary tumour is a non-small cell lung cancer (NSCLC)",
    ),
    "braf_mutation": FactLabel("BRAF-mutatie", "BRAF mutation"),
    "her2_positive": FactLabel(
        "HER2 als doelwit (HER2-positief)", "HER2 as target (HER2-positive)"
    ),
    "molecular_result": FactLabel(
        "moleculaire uitslag van de tumor in het dossier",
        "molecular result of the tumour in the record",
    ),
    "driver_variant": FactLabel(
        "genetische variant aanwezig (genetische-variantbepaling, LOINC 69548-6)",
        "genetic variant present (genetic variant assessment, LOINC 69548-6)",
    ),
    "mdt_in_record": FactLabel(
        "aanvraag multidisciplinair overleg in het dossier",
        "multidisciplinary meeting request in the record",
    ),
    "order": FactLabel("order", "order"),
}
