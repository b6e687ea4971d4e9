"""Cards of the topic packages: advice, the rows behind it, and what kind of source it is.

Every card names its source bibliographically (these sources give no URL, so `source.url` is
left out), states the source's strength (guideline, review article, thesis, research news,
hospital pathway), lists the facts each row read with the resource they came from, and marks
advice that rests on a local setting as local policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from hooks.cards import (
    FactLabel,
    card_source,
    local_policy_line,
    missing_data_line,
    stable_uuid,
    strength_line,
    t,
    why_trace,
)
from hooks.common.options import Assessed
from hooks.override_reasons import reasons
from hooks.rules import Indicator, Row, Source
from service.cds.contract import HookCall, Language
from service.cds.models import Card, Suggestion

DISPLAY_TIMEZONE = "Europe/Amsterdam"  # dates in why-traces; the clinicians are Dutch


def unknown_facts(
    row: Row[Any], facts: object, labels: dict[str, FactLabel], language: Language
) -> str:
    """The facts a row needs that the record does not give, by their clinical names."""
    return ", ".join(
        t(language, labels[name].nl, labels[name].en)
        for name in row.facts
        if not getattr(facts, name).known
    )


def option_line(
    assessed: Assessed[Any], facts: object, labels: dict[str, FactLabel], language: Language
) -> str:
    """One option as the card lists it: its id, its advice and whether its condition holds."""
    row = assessed.row
    if assessed.holds:
        state = t(
            language,
            "voorwaarde vervuld volgens het dossier",
            "condition met according to the record",
        )
    else:
        missing = unknown_facts(row, facts, labels, language)
        condition = (row.when.__doc__ or "").strip().rstrip(".")
        state = t(
            language,
            f"voorwaarde: {condition[:1].lower() + condition[1:]}; onbekend in het dossier: {missing}",
            f"condition (Dutch source): “{condition}”; unknown in the record: {missing}",
        )
    return f"- `{row.id}` {t(language, row.advice_nl, row.advice_en)} — *{state}*"


def traces(
    rows: Iterable[Row[Any]], facts: object, labels: dict[str, FactLabel], language: Language
) -> str:
    """The why-trace of every row the card rests on, each with its Dutch source sentence."""
    return "\n\n".join(why_trace(r, facts, labels, language, DISPLAY_TIMEZONE) for r in rows)


def source_line(source: Source, language: Language, caveat: tuple[str, str] | None) -> str:
    """The bibliographic reference and the strength of the source, never an invented URL."""
    line = t(language, "**Bron:** ", "**Source:** ") + f"{source.reference or source.guideline}. "
    line += strength_line(source, language)
    if caveat:
        line += " " + t(language, *caveat)
    return line


def card(
    call: HookCall,
    *,
    topic: Row[Any],
    key: str,
    summary_nl: str,
    summary_en: str,
    parts: Sequence[str | None],
    policies: Sequence[str] = (),
    missing: Sequence[str] = (),
    caveat: tuple[str, str] | None = None,
    indicator: Indicator | None = None,
    suggestions: Sequence[Suggestion] = (),
    override_codes: Sequence[str] = (),
) -> Card:
    """One card whose `source.topic` is `topic`'s rule id; `key` makes its uuid unique per call."""
    language = call.language
    detail = [p for p in parts if p]
    detail.append(source_line(topic.source, language, caveat))
    detail += [
        line
        for line in (local_policy_line(policies, language), missing_data_line(missing, language))
        if line
    ]
    return Card(
        uuid=stable_uuid(call.request.hook_instance, topic.id, key),
        summary=fit(t(language, summary_nl, summary_en)),
        detail="\n\n".join(detail),
        indicator=indicator or topic.indicator,
        source=card_source(topic.id, topic.advice_en, topic.source, call.canonical_base),
        suggestions=tuple(suggestions) or None,
        selection_behavior="at-most-one" if suggestions else None,
        override_reasons=reasons(call.canonical_base, language, *override_codes)
        if override_codes
        else None,
    )


_MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def day(value: date | datetime, language: Language) -> str:
    """A date as a clinician reads it (a moment in the Dutch time zone): `23 nov 2026`."""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(DISPLAY_TIMEZONE)).date()
    return f"{value.day} {_MONTHS[language][value.month - 1]} {value.year}"


def fit(summary: str) -> str:
    """A summary under the spec's 140 characters, cut at a word when a site setting made it long."""
    if len(summary) < 140:
        return summary
    return summary[:137].rsplit(" ", 1)[0] + " …"
