"""The source of the LM-* rows: a hospital's care-pathway page, cited by name (no URL in the seed).

The LUMC page is patient information with referral information for doctors. It is a local care
pathway, not a guideline: its referral target, address and meeting time are site settings
(`policy.py`) whose defaults are the LUMC's own.
"""

from __future__ import annotations

from hooks.rules import Source

GUIDELINE = "LUMC zorgpad Secundaire leverkanker"
REFERENCE = (
    "Leids Universitair Medisch Centrum (LUMC). Secundaire leverkanker: patiëntenfolder en "
    "verwijsinformatie Leverpanel (webpagina, zonder datum)"
)


def _source(section: str, quote_nl: str) -> Source:
    return Source(
        guideline=GUIDELINE,
        section=section,
        quote_nl=quote_nl,
        strength="hospital-pathway",
        reference=REFERENCE,
    )


def wat_is(quote_nl: str) -> Source:
    return _source("Wat is secundaire leverkanker?", quote_nl)


def verschijnselen(quote_nl: str) -> Source:
    return _source("Verschijnselen", quote_nl)


def onderzoek(quote_nl: str) -> Source:
    return _source("Wie komt u tegen en wat staat u te wachten?", quote_nl)


def behandeling(quote_nl: str) -> Source:
    return _source("Behandeling", quote_nl)


def nazorg(quote_nl: str) -> Source:
    return _source("Nazorg", quote_nl)


def verwijzen(quote_nl: str) -> Source:
    return _source("Patiënt verwijzen (Leverpanel)", quote_nl)
