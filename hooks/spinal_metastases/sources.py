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


_BEHANDELING = "Indicatie behandeling wervelmetastasen"


def indicatie_behandeling(quote_nl: str) -> Source:
    return _source(_BEHANDELING, quote_nl)


def levensverwachting_kort(quote_nl: str) -> Source:
    return _source(f"{_BEHANDELING} — Behandeling bij levensverwachting < 3md", quote_nl)


def levensverwachting_lang(quote_nl: str) -> Source:
    return _source(f"{_BEHANDELING} — Behandeling bij levensverwachting > 3md", quote_nl)


def tijdsinterval(quote_nl: str) -> Source:
    return _source(
        f"{_BEHANDELING} — Behandeling bij levensverwachting > 3md — Tijdsinterval tussen chirurgie en radiotherapie",
        quote_nl,
    )


def radiotherapie_na_chirurgie(quote_nl: str) -> Source:
    return _source(
        f"{_BEHANDELING} — Behandeling bij levensverwachting > 3md — Tijdsinterval tussen chirurgie en radiotherapie — Specificeer radiotherapie na chirurgie",
        quote_nl,
    )


def maximale_tijd(quote_nl: str) -> Source:
    return _source(
        "Aanvullende diagnostiek na beeldvorming — Maximale tijd tot inzet therapie, na het stellen van de definitieve diagnose",
        quote_nl,
    )


def follow_up(quote_nl: str) -> Source:
    return _source("Follow-up", quote_nl)


# The working group's addendum to the radiotherapy recommendation, "die niet in de richtlijntekst
# van 2015 is opgenomen": cited separately so the card never presents it as the 2015 text.
ADDENDUM_SECTION = (
    f"{_BEHANDELING} — Specificeer radiotherapie: extra aanvullende toelichting van de werkgroep "
    "(niet in de richtlijntekst van 2015)"
)
ADDENDUM_QUOTE = "hypofractionering m.b.v. stereotactie 1-5 fracties, totale dosis 18-35 Gy"
OLIGO_DEFINITION_QUOTE = (
    "Er zijn verschillende definities voor oligometastasen, waarbij het uitgangspunt is deze "
    "metastasen in opzet curatief te behandelen zijn met lokale therapie. De ruimste definitie "
    "spreek van maximaal 5 metastasen in maximaal 3 organen."
)
