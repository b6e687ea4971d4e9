"""How each NetFacts field reads on a card (the glossary: Dutch term → identifier)."""

from __future__ import annotations

from hooks.cards import FactLabel

LABELS: dict[str, FactLabel] = {
    "net": FactLabel("neuro-endocriene tumor (NET)", "neuroendocrine tumour (NET)"),
    "liver_metastases": FactLabel(
        "(verdenking op) levermetastasen", "(suspected) liver metastases"
    ),
    "functioning": FactLabel(
        "functionerende (hormoonproducerende) NET: carcinoïdsyndroom",
        "functioning (hormone-producing) NET: carcinoid syndrome",
    ),
    "lutetium_dotatate": FactLabel(
        "177Lu-DOTATATE gegeven of gepland", "177Lu-DOTATATE given or planned"
    ),
}
