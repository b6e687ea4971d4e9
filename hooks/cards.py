"""Turning a decided row into a CDS card: source, why-trace, local-policy marks, ids.

Shared by every guideline package so all cards carry the same provenance: the rule id in
`source.topic`, the Dutch source sentence, the facts used with the resource each came from,
and the source's strength (guideline, review article, research news, ...).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from hooks.facts import Fact
from hooks.input_contract import RULES_CODE_SYSTEM_ID
from hooks.override_reasons import reasons
from hooks.policy_words import words
from hooks.rules import STRENGTH_LABEL, Indicator, Row, Source
from service.cds.contract import HookCall, Language
from service.cds.models import Card, Coding, Link, Suggestion
from service.cds.models import Source as CardSource

_NAMESPACE = uuid.UUID("4f0c8a52-31c4-4a4e-9d57-7f1f1f6b9b10")


def stable_uuid(hook_instance: str, *parts: str) -> str:
    """A card/suggestion uuid unique per call and rule, and the same if the call is replayed."""
    return str(uuid.uuid5(_NAMESPACE, "/".join((hook_instance, *parts))))


def rules_system(canonical_base: str) -> str:
    return f"{canonical_base}/CodeSystem/{RULES_CODE_SYSTEM_ID}"


# Cards are frozen models, and a rule's source, links and override reasons are the same on
# every call: each is built and validated once, not per card.
@lru_cache(maxsize=1024)
def card_source(row_id: str, display: str, source: Source, canonical_base: str) -> CardSource:
    """`source` with the rule id as topic; the URL only where the guideline gives one."""
    return CardSource(
        label=source.guideline if len(source.guideline) < 80 else source.guideline.split(",")[0],
        url=source.url,
        topic=Coding(system=rules_system(canonical_base), code=row_id, display=display[:120]),
    )


def t(language: Language, nl: str, en: str) -> str:
    return nl if language == "nl" else en


def when(value: datetime, tz: str, language: Language, now: datetime | None = None) -> str:
    """A moment as a clinician reads it: local day, month and time.

    The year is left out only for a deadline in the year of the call (`now`): a record's date
    without its year could be read as this week's (1 May 2024 is not 1 May).
    """
    local = value.astimezone(ZoneInfo(tz))
    months_nl = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
    months_en = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    month = (months_nl if language == "nl" else months_en)[local.month - 1]
    same_year = now is not None and now.astimezone(ZoneInfo(tz)).year == local.year
    return f"{local.day} {month}{'' if same_year else f' {local.year}'} {local:%H:%M}"


@dataclass(frozen=True)
class FactLabel:
    nl: str
    en: str


_WORDS = {
    **{f"asia-{g}": (f"ASIA {g.upper()}", f"ASIA {g.upper()}") for g in "abcde"},
    "absent": ("afwezig", "absent"),
    "unilateral": ("eenzijdig", "unilateral"),
    "bilateral": ("beiderzijds", "bilateral"),
    "good": ("goed", "good"),
    "moderate": ("matig", "moderate"),
}


def describe_value(value: Any, language: Language, tz: str) -> str:
    if isinstance(value, str) and value in _WORDS:
        return t(language, *_WORDS[value])
    if value is True:
        return t(language, "ja", "yes")
    if value is False:
        return t(language, "nee", "no")
    if isinstance(value, datetime):
        return when(value, tz, language)
    if isinstance(value, float):
        return f"{round(value, 1):g}"
    return str(value)


def why_trace(
    row: Row[Any],
    facts: object,
    labels: dict[str, FactLabel],
    language: Language,
    tz: str,
) -> str:
    """The facts the row read, their values and the resources they came from, and the quote."""
    lines = [t(language, "**Waarom** (", "**Why** (") + f"`{row.id}`):"]
    for name in row.facts:
        fact: Fact[Any] = getattr(facts, name)
        label = labels[name]
        value = (
            describe_value(fact.value, language, tz)
            if fact.known
            else t(language, "onbekend", "unknown")
        )
        # A known value without a record was read from a list that does not hold it (e.g. no
        # NSAID among the active medication): say so, rather than "no record" beside a "no".
        origin = ", ".join(e.describe(language) for e in fact.evidence) or (
            t(language, "niet gevonden in de gelezen gegevens", "not found in the data read")
            if fact.known
            else t(language, "geen registratie", "no record")
        )
        lines.append(f"- {t(language, label.nl, label.en)}: **{value}** — {origin}")
    lines.append(f"\n> {row.source.quote_nl}\n>\n> — {row.source.guideline}, {row.source.section}")
    return "\n".join(lines)


def strength_line(source: Source, language: Language) -> str:
    nl, en = STRENGTH_LABEL[source.strength]
    return t(language, f"Soort bron: {nl}.", f"Kind of source: {en}.")


def local_policy_line(settings: Iterable[str], language: Language) -> str | None:
    """The local-policy choices the advice rests on, in words: setting names are for the
    hospital's owners (docs/local-policy.md gives each setting with these words), not the card."""
    named = list(settings)
    if not named:
        return None
    return t(
        language,
        f"*Lokaal beleid, geen richtlijn:* {words(named, 'nl')}.",
        f"*Local policy, not guideline:* {words(named, 'en')}.",
    )


@lru_cache(maxsize=1024)
def guideline_link(source: Source, language: Language) -> Link | None:
    if source.url is None:
        return None
    return Link(
        label=t(language, "Richtlijntekst", "Guideline text"), url=source.url, type="absolute"
    )


def missing_data_line(
    keys: Sequence[str],
    language: Language,
    skipped: int = 0,
    unrecognised: Sequence[tuple[str, int]] = (),
) -> str | None:
    """Say plainly which data could not be read, so no card looks more certain than it is.

    `unrecognised` are answers coded in our CodeSystem under a base we do not accept (system,
    count): recorded, but not read, so the facts they hold count as unknown here.
    """
    parts = []
    if keys:
        listed = ", ".join(f"`{k}`" for k in keys)
        parts.append(
            t(
                language,
                f"**Let op:** niet alle gegevens konden worden gelezen ({listed}); feiten daaruit gelden als onbekend.",
                f"**Note:** some data could not be read ({listed}); facts from it count as unknown.",
            )
        )
    if skipped:
        parts.append(
            t(
                language,
                f"**Let op:** {skipped} onleesbare registratie(s) overgeslagen.",
                f"**Note:** {skipped} unreadable record(s) skipped.",
            )
        )
    for system, count in unrecognised:
        parts.append(
            t(
                language,
                f"**Let op:** {count} antwoord(en) niet herkend: gecodeerd in `{system}`, niet in "
                "de CodeSystem van deze service; de feiten daaruit gelden als onbekend.",
                f"**Note:** {count} answer(s) not recognised: coded in `{system}`, not in this "
                "service's CodeSystem; the facts they hold count as unknown.",
            )
        )
    return " ".join(parts) or None


def branches(
    rows: Sequence[Row[Any]],
    facts: object,
    labels: dict[str, FactLabel],
    language: Language,
    established: Row[Any] | None = None,
) -> str:
    """The branches a card cannot decide: each row's condition, advice and the facts missing."""
    lines = [
        t(
            language,
            "**Niet te beslissen met de geregistreerde gegevens** — het advies hangt af van:",
            "**Cannot be decided from the recorded facts** — the advice depends on:",
        )
    ]
    for row in rows:
        missing = ", ".join(
            t(language, labels[n].nl, labels[n].en)
            for n in row.facts
            if not getattr(facts, n).known
        )
        condition = (row.when.__doc__ or row.id).strip().rstrip(".")
        if language == "en":  # the condition is the guideline's own Dutch: say so, not translate
            condition = f"*{condition}* (guideline wording)"
        lines.append(
            f"- `{row.id}` — {condition}: **{t(language, row.advice_nl, row.advice_en)}** "
            f"({t(language, 'onbekend', 'unknown')}: {missing})"
        )
    if established is not None:
        lines.append(
            f"- {t(language, 'Anders', 'Otherwise')} `{established.id}`: "
            f"**{t(language, established.advice_nl, established.advice_en)}** "
            f"({t(language, 'vastgesteld', 'established')})"
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class CardText:
    """Summary (< 140 characters) in both languages."""

    nl: str
    en: str


def rule_card(
    call: HookCall,
    row: Row[Any],
    facts: object,
    labels: dict[str, FactLabel],
    tz: str,
    summary: CardText,
    *,
    decided: bool = True,
    extra: Sequence[CardText] = (),
    suggestions: Sequence[Suggestion] = (),
    override_codes: Sequence[str] = (),
    policies: Sequence[str] = (),
    key: str = "",
    missing: Sequence[str] = (),
    skipped: int = 0,
    unrecognised: Sequence[tuple[str, int]] = (),
    indicator: Indicator | None = None,
) -> Card:
    """One card for one rule: advice (or its branches when undecided), why-trace and provenance."""

    language = call.language
    if decided:
        parts = [f"**{t(language, row.advice_nl, row.advice_en)}.**"]
    else:
        parts = [branches((row,), facts, labels, language)]
    parts += [t(language, e.nl, e.en) for e in extra]
    indicator = indicator or row.indicator
    if indicator == "critical" and _read_from_text(row, facts):
        indicator = "warning"
        parts.append(t(language, *_TEXT_MATCH_NOT_CRITICAL))
    parts.append(why_trace(row, facts, labels, language, tz))
    parts += [
        line
        for line in (
            local_policy_line(policies, language),
            missing_data_line(missing, language, skipped, unrecognised),
            strength_line(row.source, language),
        )
        if line
    ]
    # No link to the raw Questionnaire JSON on a clinician's card: an undecided card asks its
    # question in its text and suggestions; the Questionnaire is for the EHR's build.
    links = [link for link in (guideline_link(row.source, language),) if link]
    card = Card(
        uuid=stable_uuid(call.request.hook_instance, row.id, key),
        summary=t(language, summary.nl, summary.en),
        detail="\n\n".join(parts),
        indicator=indicator,
        source=card_source(row.id, row.advice_en, row.source, call.canonical_base),
        suggestions=branched(suggestions, row.id) or None,
        selection_behavior="at-most-one" if suggestions else None,
        override_reasons=reasons(call.canonical_base, language, *override_codes) or None,
        links=tuple(links) or None,
    )
    return card.with_facts_hash(fingerprint(row.facts, facts))


def fingerprint(names: Iterable[str], facts: object) -> str:
    """A hash of the values and evidence of the facts `names` (of a facts object).

    What a snooze after a reasoned dismissal holds for (service/snooze.py): a new record, a
    changed value or an answer that expired gives another hash, and the card is shown again.
    """
    digest = hashlib.sha256()
    for name in sorted(set(names)):
        fact = getattr(facts, name, None)
        value = getattr(fact, "value", fact)
        shown = value.isoformat() if isinstance(value, datetime) else repr(value)
        evidence = getattr(fact, "evidence", ())
        digest.update(f"{name}={shown}|{evidence!r}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def branched(suggestions: Sequence[Suggestion], row_id: str) -> tuple[Suggestion, ...]:
    """The suggestions, each recorded in the audit with its branch: its own, else `row_id`."""
    return tuple(s if s.branch else s.for_branch(row_id) for s in suggestions)


_TEXT_MATCH_NOT_CRITICAL = (
    "Niet als kritiek gemarkeerd: een feit hierboven is alleen op de naam van een geneesmiddel "
    "in vrije tekst herkend (tekstmatch), niet op een code; controleer de medicatie.",
    "Not marked critical: a fact above was recognised only by a medicine's name in free text "
    "(text match), not by a code; check the medication.",
)


def _read_from_text(row: Row[Any], facts: object) -> bool:
    """Whether a fact the row reads rests on a record recognised only by a name in its text."""
    return any(e.text_match for name in row.facts for e in getattr(facts, name, Fact()).evidence)
