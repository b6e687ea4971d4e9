"""Every local-policy setting as a clinician reads it on a card: in words, never its name.

A card whose advice rests on a choice the sources leave open says so ("lokaal beleid, geen
richtlijn") and names the choice in a few words, in Dutch and English. The setting's name
(`CDS_SPINE_UNKNOWN_WINDOW`) and the document that explains it (docs/local-policy.md, where each
row also gives these words) are for the hospital's integration and clinical owners, not for the
clinician at the bedside. A test holds every setting a card can name to an entry here.
"""

from __future__ import annotations

from typing import Final

# setting -> (Dutch, English). Short: they are listed together on one line of the card.
POLICY_WORDS: Final[dict[str, tuple[str, str]]] = {
    # Wervelmetastasen
    "CDS_SPINE_UNKNOWN_WINDOW": (
        "onbekende klachten → vraag, niet de meest urgente termijn",
        "unknown complaints → a question, not the most urgent window",
    ),
    "CDS_SPINE_MRI_T0": (
        "termijn vanaf de registratie van de klacht",
        "window counted from when the complaint was recorded",
    ),
    "CDS_SPINE_PRIORITY_12H": ("prioriteit per MRI-termijn", "priority per MRI window"),
    "CDS_SPINE_PRIORITY_24H": ("prioriteit per MRI-termijn", "priority per MRI window"),
    "CDS_SPINE_PRIORITY_48H": ("prioriteit per MRI-termijn", "priority per MRI window"),
    "CDS_SPINE_PRIORITY_1W": ("prioriteit per MRI-termijn", "priority per MRI window"),
    "CDS_SPINE_PRIORITY_2W": ("prioriteit per MRI-termijn", "priority per MRI window"),
    "CDS_SPINE_ANSWER_MAX_AGE_H": (
        "hoe lang neurologische antwoorden gelden",
        "how long neurological answers hold",
    ),
    "CDS_SPINE_RECENT_IMAGING_DAYS": (
        "wat telt als recente CT thorax/abdomen",
        "what counts as a recent CT thorax/abdomen",
    ),
    "CDS_SPINE_RECENT_MRI_DAYS": (
        "wat telt als recente MRI wervelkolom",
        "what counts as a recent spine MRI",
    ),
    "CDS_SPINE_DISPLAY_TIMEZONE": ("tijdzone van de termijnen", "time zone of the deadlines"),
    "CDS_SPINE_PPI_ATC": ("keuze van de protonpompremmer", "choice of proton-pump inhibitor"),
    "CDS_SPINE_PPI_NAME": ("keuze van de protonpompremmer", "choice of proton-pump inhibitor"),
    "CDS_SPINE_PPI_DOSE_MG": ("dosis van de protonpompremmer", "dose of the proton-pump inhibitor"),
    "CDS_SPINE_PRIORITY_STAGING_CT": ("prioriteit van de CT", "priority of the CT"),
    "CDS_SPINE_PRIORITY_SURGICAL_CT": ("prioriteit van de CT", "priority of the CT"),
    "CDS_SPINE_PRIORITY_BIOPSY_1D": ("prioriteit van het biopt", "priority of the biopsy"),
    "CDS_SPINE_PRIORITY_BIOPSY_1W": ("prioriteit van het biopt", "priority of the biopsy"),
    "CDS_SPINE_PLATELET_INHIBITORS_COUNT_AS_ANTICOAGULANTS": (
        "trombocytenaggregatieremmers tellen als antistolling",
        "platelet inhibitors count as anticoagulants",
    ),
    "CDS_SPINE_HISTORY_OF_MALIGNANCY": (
        "maligniteit in de voorgeschiedenis → vraag",
        "malignancy in the history → a question",
    ),
    "CDS_SPINE_ASSESSMENT_MAX_AGE_D": (
        "hoe lang klinische beoordelingen gelden",
        "how long clinical assessments hold",
    ),
    "CDS_SPINE_ECOG_GOOD_MAX": (
        "grens goede/matige conditie (ECOG/Karnofsky)",
        "cut-off good/moderate condition (ECOG/Karnofsky)",
    ),
    "CDS_SPINE_KARNOFSKY_GOOD_MIN": (
        "grens goede/matige conditie (ECOG/Karnofsky)",
        "cut-off good/moderate condition (ECOG/Karnofsky)",
    ),
    "CDS_SPINE_SINS_STABLE_MAX": (
        "SINS-grenzen stabiel/instabiel",
        "SINS cut-offs stable/unstable",
    ),
    "CDS_SPINE_SINS_UNSTABLE_MIN": (
        "SINS-grenzen stabiel/instabiel",
        "SINS cut-offs stable/unstable",
    ),
    "CDS_SPINE_HORMONE_SENSITIVE_PRIMARIES": (
        "welke tumoren als hormoongevoelig gelden",
        "which tumours count as hormone-sensitive",
    ),
    "CDS_SPINE_COMBINED_PROCEDURE_LIFE_EXPECTANCY": (
        "levensverwachting bij gecombineerde ingrepen",
        "life expectancy for combined procedures",
    ),
    "CDS_SPINE_SITE_EXPERT_SPINE_SURGERY_24H": (
        "spoedchirurgie in dit ziekenhuis",
        "emergency spine surgery at this site",
    ),
    "CDS_SPINE_SITE_SPINE_OPERATIONS_PER_YEAR": (
        "aantal wervelkolomoperaties van dit ziekenhuis",
        "this site's number of spine operations",
    ),
    "CDS_SPINE_TIME_TO_THERAPY_SLOW_NON_AMBULANT": (
        "termijn bij langzame uitval, niet meer lopend",
        "window for a slow deficit, no longer walking",
    ),
    "CDS_SPINE_TIME_TO_THERAPY_LOOKBACK_D": (
        "hoe oud een diagnose mag zijn voor een termijn",
        "how old a diagnosis may be for a deadline",
    ),
    "CDS_SPINE_SYSTEMIC_THERAPY_COUNTS_AS_STARTED": (
        "lopende systeemtherapie als gestarte therapie → vraag",
        "running systemic therapy as started therapy → a question",
    ),
    "CDS_SPINE_POSTOPERATIVE_RT_MIN_DAYS": (
        "vroegste start radiotherapie na de operatie",
        "earliest start of radiotherapy after surgery",
    ),
    "CDS_SPINE_PRIORITY_MDT": ("prioriteit van het spoedoverleg", "priority of the urgent MDT"),
    "CDS_SPINE_ROUTINE_CARDS": (
        "stabiele patiënt → één informatiekaart",
        "stable patient → one information card",
    ),
    "CDS_SPINE_TREATMENT_DECISION_LOOKBACK_D": (
        "hoe lang een behandelbeslissing openstaat na de diagnose",
        "how long a treatment decision stays open after the diagnosis",
    ),
    # Hersenmetastasen
    "CDS_BRAIN_SUGGEST_MDT_REQUEST": ("aanvraag MDO voorstellen", "propose an MDT request"),
    "CDS_BRAIN_MDT_CODE_SYSTEM": ("code van het MDO", "code of the MDT"),
    "CDS_BRAIN_MDT_CODE": ("code van het MDO", "code of the MDT"),
    "CDS_BRAIN_MDT_DISPLAY": ("code van het MDO", "code of the MDT"),
    # Levermetastasen (site settings of the liver panel)
    "CDS_LIVER_PANEL_NAME": ("gegevens van het leverpanel", "details of the liver panel"),
    "CDS_LIVER_PANEL_EMAIL": ("gegevens van het leverpanel", "details of the liver panel"),
    "CDS_LIVER_PANEL_ADDRESS_LINES": ("gegevens van het leverpanel", "details of the liver panel"),
    "CDS_LIVER_PANEL_POSTAL_CODE": ("gegevens van het leverpanel", "details of the liver panel"),
    "CDS_LIVER_PANEL_CITY": ("gegevens van het leverpanel", "details of the liver panel"),
    "CDS_LIVER_PANEL_MEETING_NL": ("gegevens van het leverpanel", "details of the liver panel"),
    "CDS_LIVER_PANEL_MEETING_EN": ("gegevens van het leverpanel", "details of the liver panel"),
    "CDS_LIVER_CLINIC_NAME": ("gegevens van de polikliniek", "details of the clinic"),
    "CDS_LIVER_CLINIC_PHONE": ("gegevens van de polikliniek", "details of the clinic"),
    "CDS_LIVER_RISK_REMINDER": (
        "herinnering bij tumoren met risico op levermetastasen",
        "reminder for tumours at risk of liver metastases",
    ),
    # Immuuntherapieresistentie
    "CDS_IO_TMB_LOW_BELOW": ("grens lage TMB", "cut-off of a low TMB"),
    "CDS_IO_PDL1_ABSENT_BELOW_PERCENT": ("grens PD-L1 afwezig", "cut-off of absent PD-L1"),
    "CDS_IO_WNT_GENES": ("welke genen als WNT-pad gelden", "which genes count as WNT pathway"),
    "CDS_IO_PD1_ATC": (
        "welke middelen als PD-1-remmer gelden",
        "which drugs count as PD-1 inhibitors",
    ),
    "CDS_IO_SHOW_WHEN_MARKERS_UNKNOWN": (
        "kaart ook bij onbekende markers",
        "card also when markers are unknown",
    ),
    # Terminology
    "CDS_LOCAL_VALUE_SETS_FILE": ("lokale codelijst", "local code list"),
}


def words(settings: tuple[str, ...] | list[str], language: str) -> str:
    """The settings in words, each phrase once, in the order given."""
    index = 0 if language == "nl" else 1
    # A setting without words is a test failure (tests/hooks/test_policy_words.py); a card
    # still says that local policy applies rather than failing the call.
    phrases = [POLICY_WORDS.get(s, ("lokale instelling", "local setting"))[index] for s in settings]
    return "; ".join(dict.fromkeys(phrases))


APPENDIX_START = "<!-- policy words: generated from hooks/policy_words.py -->"
APPENDIX_END = "<!-- end of policy words -->"


def appendix() -> str:
    """The table docs/local-policy.md ends with: each setting and the words cards use for it."""
    rows = [
        APPENDIX_START,
        "## On the cards",
        "",
        "Cards never show a setting's name: they say *Lokaal beleid, geen richtlijn:* and the",
        "choice in these words.",
        "",
        "| setting | on the card (nl) | on the card (en) |",
        "|---|---|---|",
        *(f"| `{name}` | {nl} | {en} |" for name, (nl, en) in POLICY_WORDS.items()),
        APPENDIX_END,
    ]
    return "\n".join(rows)
