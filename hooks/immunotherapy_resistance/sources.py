"""The source of the IO-* rows: a news item about a study, cited by name (the seed gives no URL).

Research news, not a guideline and not practice guidance: every card says so in its summary.
"""

from __future__ import annotations

from hooks.rules import Source

GUIDELINE = "iLive 2025 (onderzoeksnieuws): radiotherapie en resistentie tegen immunotherapie"
REFERENCE = (
    "iLive, Nieuwe publicaties. Radiotherapie helpt de resistentie tegen immunotherapie bij "
    "sommige vormen van kanker te overwinnen (nieuwsbericht, laatst beoordeeld 27-07-2025), over "
    "een studie in Nature Cancer (Johns Hopkins Kimmel Cancer Center en Nederlands Kanker "
    "Instituut) met monsters uit een fase II-studie van radiotherapie gevolgd door pembrolizumab"
)
CAVEAT = (
    "Onderzoeksbevinding uit één fase II-studie (72 patiënten), gemeld in een nieuwsbericht: geen richtlijn en geen praktijkadvies; de bron geeft geen schema, dosis of selectiecriteria.",
    "A research finding from one phase II study (72 patients), reported in a news item: not a guideline and not practice guidance; the source gives no scheme, dose or selection criteria.",
)


def nieuwsbericht(quote_nl: str) -> Source:
    return Source(
        guideline=GUIDELINE,
        section="Nieuwsbericht",
        quote_nl=quote_nl,
        strength="research-news",
        reference=REFERENCE,
    )
