"""Pick the card language from Accept-Language; Dutch clinicians are the default audience."""

from __future__ import annotations

from service.cds.contract import Language

_SUPPORTED: tuple[Language, ...] = ("nl", "en")


def negotiate(accept_language: str | None, default: Language) -> Language:
    """The supported language with the highest q-value, else the configured default."""
    if not accept_language:
        return default
    ranked: list[tuple[float, int, Language]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        for language in _SUPPORTED:
            if primary == language and quality > 0:
                ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else default
