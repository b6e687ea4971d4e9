"""The source of the NET-* rows: a thesis summary, cited by title (the seed gives no URL).

The seed is the Dutch summary of the thesis; it names neither the author nor the university,
so the citation says so rather than guessing. Evidence statements, not recommendations.
"""

from __future__ import annotations

from hooks.rules import Source

GUIDELINE = "Proefschrift 2019: Hepatic Radioembolization in Neuroendocrine Neoplasms"
REFERENCE = (
    "Hepatic Radioembolization in Neuroendocrine Neoplasms. Proefschrift, september 2019, "
    "Nederlandse samenvatting (auteur en instelling niet vermeld in de beschikbare tekst)"
)
CAVEAT = (
    "Een proefschrift is onderzoeksbewijs, geen richtlijn: bespreek het als optie in het MDO.",
    "A thesis is research evidence, not a guideline: discuss it as an option in the MDT.",
)


def samenvatting(quote_nl: str) -> Source:
    return Source(
        guideline=GUIDELINE,
        section="Samenvatting",
        quote_nl=quote_nl,
        strength="thesis",
        reference=REFERENCE,
    )
