"""How each ImmunotherapyFacts field reads on a card (the glossary: Dutch term → identifier)."""

from __future__ import annotations

from hooks.cards import FactLabel

LABELS: dict[str, FactLabel] = {
    "nsclc": FactLabel(
        "niet-kleincellig longcarcinoom (NSCLC)", "non-small cell lung cancer (NSCLC)"
    ),
    "low_tmb": FactLabel(
        "lage tumormutatielast (drempel: lokaal beleid)",
        "low tumour mutational burden (threshold: local policy)",
    ),
    "pdl1_absent": FactLabel(
        "geen PD-L1-eiwitexpressie (drempel: lokaal beleid)",
        "no PD-L1 protein expression (threshold: local policy)",
    ),
    "wnt_mutation": FactLabel(
        "mutatie in de Wnt-signaalroute (genen: lokaal beleid)",
        "Wnt-pathway mutation (genes: local policy)",
    ),
    "pd1": FactLabel("PD-1-remmer voorgeschreven of gegeven", "PD-1 inhibitor ordered or given"),
}
