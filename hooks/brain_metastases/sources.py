"""The source of the BM-* rows: a review article, cited bibliographically (the seed gives no URL).

Only the summary and the learning objectives are available (the full text is behind a login),
so the rows quote those two parts; the article's doses and algorithms are not known to us.
"""

from __future__ import annotations

from hooks.rules import Source

GUIDELINE = "Nervus 2023: Systemische behandeling van hersenmetastasen"
REFERENCE = (
    "Compter A, Sol N, Brandsma D. Systemische behandeling van hersenmetastasen: toenemend "
    "maatwerk voor elke tumor. Nervus 2023; jaargang 8, editie 2 (2023-2), nascholingsartikel, "
    "gepubliceerd 1 juni 2023"
)
CAVEAT = (
    "Alleen de samenvatting en de leerdoelen van het artikel zijn beschikbaar; daarin staan geen doses.",
    "Only the article's summary and learning objectives are available; they give no doses.",
)


def _source(section: str, quote_nl: str) -> Source:
    return Source(
        guideline=GUIDELINE,
        section=section,
        quote_nl=quote_nl,
        strength="review-article",
        reference=REFERENCE,
    )


def samenvatting(quote_nl: str) -> Source:
    return _source("Samenvatting", quote_nl)


def leerdoelen(quote_nl: str) -> Source:
    return _source("Leerdoelen", quote_nl)


def samenvatting_en_leerdoelen(quote_nl: str) -> Source:
    return _source("Samenvatting en leerdoelen", quote_nl)
