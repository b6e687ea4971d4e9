"""The guideline this package implements and its sections, for every row's `Source`."""

from __future__ import annotations

from hooks.rules import Source

GUIDELINE = (
    "Richtlijn Wervelmetastasen (IKNL/Pallialine), beslisboom op basis van de richtlijn 2015"
)
LABEL = "Richtlijn Wervelmetastasen (IKNL/Pallialine)"
# The only URL the seed gives ("De richtlijntekst is te vinden op https://www.pallialine.nl/wervelmetastasen").
URL = "https://www.pallialine.nl/wervelmetastasen"


def _source(section: str, quote_nl: str) -> Source:
    return Source(
        guideline=GUIDELINE, section=section, quote_nl=quote_nl, strength="guideline", url=URL
    )


def diagnostiek(quote_nl: str) -> Source:
    return _source("Diagnostiek bij klinische verdenking wervelmetastasen", quote_nl)


def corticosteroiden(quote_nl: str) -> Source:
    return _source("Bepaal indicatie corticosteroïden voorafgaand aan MRI-diagnostiek", quote_nl)


def radiotherapie(quote_nl: str) -> Source:
    return _source("Indicatie behandeling wervelmetastasen — Specificeer radiotherapie", quote_nl)


def aanvullende_diagnostiek(quote_nl: str) -> Source:
    return _source("Aanvullende diagnostiek na beeldvorming", quote_nl)
