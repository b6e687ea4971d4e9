"""Building blocks of the part-2 cards: one card from several rules, and checklists.

`hooks.cards.rule_card` renders one rule; a treatment card weighs several (an indication and
seven conditions, or a scheme with the branches above it). This module composes such a card
with the same provenance: rule id in `source.topic`, why-trace of the deciding row, the
local-policy settings it rests on, missing data, and the source's strength.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks.cards import (
    branched,
    card_source,
    describe_value,
    fingerprint,
    guideline_link,
    local_policy_line,
    missing_data_line,
    stable_uuid,
    strength_line,
    t,
    why_trace,
)
from hooks.override_reasons import reasons
from hooks.rules import Indicator, Row, Truth
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.reading.facts import SpineFacts
from service.cds.contract import HookCall, Language
from service.cds.models import Card, Link, Suggestion


def compose(
    call: HookCall,
    facts: SpineFacts,
    row: Row[SpineFacts],
    summary: tuple[str, str],
    parts: Sequence[str],
    *,
    tz: str,
    trace: Row[SpineFacts] | None = None,
    policies: Sequence[str] = (),
    suggestions: Sequence[Suggestion] = (),
    override_codes: Sequence[str] = ("facts-differ", "clinically-necessary"),
    key: str = "",
    indicator: Indicator | None = None,
    links: Sequence[Link] = (),
    facts_shown: bool = False,
    topic: tuple[str, str] | None = None,
) -> Card:
    """A card for `row` whose detail is `parts`, then the why-trace of `trace` (default `row`).

    `facts_shown`: the parts already list every fact with its source (a checklist), so the
    trace adds only the guideline sentence.
    """
    language = call.language
    traced = trace or row
    marks = [*policies, *facts.policies_behind(traced.facts)]
    detail = [
        *parts,
        f"**{t(language, 'Bron', 'Source')}** (`{traced.id}`):\n\n{quote(traced)}"
        if facts_shown
        else why_trace(traced, facts, LABELS, language, tz),
        *(
            line
            for line in (
                local_policy_line(dict.fromkeys(marks), language),
                missing_data_line(
                    facts.missing_data,
                    language,
                    facts.skipped_malformed,
                    facts.unrecognised_answers,
                ),
                strength_line(row.source, language),
            )
            if line
        ),
    ]
    all_links = [link for link in (guideline_link(row.source, language),) if link]
    all_links += links
    card = Card(
        uuid=stable_uuid(call.request.hook_instance, row.id, key),
        summary=t(language, *summary),
        detail="\n\n".join(detail),
        indicator=indicator or row.indicator,
        # An undecided card names its decision table (`topic`: id, display), not one of its rows.
        source=card_source(*(topic or (row.id, row.advice_en)), row.source, call.canonical_base),
        suggestions=branched(suggestions, traced.id) or None,
        selection_behavior="at-most-one" if suggestions else None,
        override_reasons=reasons(call.canonical_base, language, *override_codes) or None,
        links=tuple(all_links) or None,
    )
    return card.with_facts_hash(fingerprint(traced.facts, facts))


def quote(row: Row[SpineFacts]) -> str:
    """The guideline sentence of a row, cited as the why-trace does."""
    return f"> {row.source.quote_nl}\n>\n> — {row.source.guideline}, {row.source.section}"


def status(value: Truth, language: Language) -> str:
    if value is True:
        return t(language, "vervuld", "met")
    if value is False:
        return t(language, "niet vervuld", "not met")
    return t(language, "onbekend", "unknown")


def known_facts(names: Sequence[str], facts: SpineFacts, language: Language, tz: str) -> str:
    """`label: value (resource)` for the known facts, then the unknown ones by name."""
    shown, missing = [], []
    for name in names:
        fact = getattr(facts, name)
        label = t(language, LABELS[name].nl, LABELS[name].en)
        if fact.known:
            origin = "; ".join(
                f"{e.reference}, {e.date}" if e.date else e.reference for e in fact.evidence
            )
            value = describe_value(fact.value, language, tz)
            shown.append(f"{label}: {value}" + (f" ({origin})" if origin else ""))
        else:
            missing.append(label)
    if missing:
        shown.append(t(language, "onbekend: ", "unknown: ") + ", ".join(missing))
    return "; ".join(shown)


def checklist(
    rows: Sequence[Row[SpineFacts]], facts: SpineFacts, language: Language, tz: str
) -> str:
    """One line per row: its condition, met / not met / unknown, and the facts behind it."""
    lines = []
    for row in rows:
        # The predicate's Dutch docstring is the guideline's condition; English cards use the row's English text.
        dutch = (row.when.__doc__ or row.id).strip().rstrip(".")
        condition = t(language, dutch, row.advice_en)
        lines.append(
            f"- `{row.id}` {condition}: "
            f"**{status(row.when(facts), language)}** — {known_facts(row.facts, facts, language, tz)}"
        )
    return "\n".join(lines)
