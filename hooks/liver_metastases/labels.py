"""How each LiverFacts field reads on a card (the glossary: Dutch term → identifier)."""

from __future__ import annotations

from hooks.cards import FactLabel

LABELS: dict[str, FactLabel] = {
    "liver_metastases": FactLabel(
        "(verdenking op) secundaire levertumor(en)", "(suspected) secondary liver tumour(s)"
    ),
    "liver_metastases_history": FactLabel(
        "levermetastasen (nu of eerder)", "liver metastases (now or before)"
    ),
    "liver_treatment": FactLabel(
        "behandeling aan de lever (datum)", "liver-directed treatment (date)"
    ),
    "warning_signs": FactLabel(
        "koorts, buikpijn, geelzucht of jeuk sinds de behandeling",
        "fever, abdominal pain, jaundice or itching since the treatment",
    ),
    "risk_primary": FactLabel(
        "kanker met risico op levermetastasen (darm, borst, melanoom)",
        "cancer at risk of liver metastases (colorectal, breast, melanoma)",
    ),
    "complaints": FactLabel(
        "afvallen, vermoeidheid, nachtelijk zweten of buikpijn",
        "weight loss, fatigue, night sweats or abdominal pain",
    ),
    "resectable": FactLabel(
        "operabiliteit (oordeel leverpanel)", "resectability (liver panel's judgement)"
    ),
    "chemotherapy_given": FactLabel("chemotherapie gegeven", "chemotherapy given"),
    "disease_worsened": FactLabel(
        "ziekte progressief (laatste ziektestatus)", "disease worsened (latest disease status)"
    ),
}
