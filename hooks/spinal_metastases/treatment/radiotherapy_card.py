"""The card for a radiotherapy order in the draft orders (SM-RT00–RT09, with SM-T02b).

Which scheme the guideline gives this patient: a second course after return of symptoms
(SM-RT05), the postoperative scheme with the 3–4 week interval (SM-RT07/RT08, SM-RT09), or the
first-course scheme (SM-RT01–RT04). When condition or life expectancy is unknown, every scheme
still possible is listed with its criterion and nothing is pre-filled; when the scheme is
decided, one click adds it to the order as an `orderDetail`.

Every completed course to the spine on record, of any episode, is named on the card. With such
a course and no answer whether pain or deficit returned after an initial response (or the
response fell short), the card asks that one question, with a branch (and, where the other
branch is decided, a suggestion, none recommended) for each answer; it never calls the order a
first course then. The guideline gives no interval between two courses: none is advised.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hooks.cards import branches, stable_uuid, t, when
from hooks.fhir_lean import parse_datetime
from hooks.orders import order_reference
from hooks.rules import Indicator, Row, decide
from hooks.spinal_metastases import proposals
from hooks.spinal_metastases.card_parts import compose, known_facts
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.reading.order_scope import spine_target
from hooks.spinal_metastases.sources import ADDENDUM_QUOTE, ADDENDUM_SECTION, OLIGO_DEFINITION_QUOTE
from hooks.spinal_metastases.treatment.postoperative_interval import (
    MIN_DAYS_SETTING,
    earliest_line,
    earliest_start,
    interval_line,
    interval_suggestion,
    postoperative_summary,
    start_label,
    with_start,
)
from hooks.spinal_metastases.treatment.radiotherapy import (
    FIRST_COURSE_SCHEME,
    POSTOPERATIVE_SCHEME,
    REIRRADIATION,
    RT00_EN,
    RT00_NL,
    RT02_OPTIONS,
    SCHEMES,
    SHORT,
)
from hooks.spinal_metastases.treatment.surgery import SURGERY_INDICATION
from service.cds.contract import HookCall, Language
from service.cds.models import Action, Card, Suggestion

_UNCODED = (
    "Het doel van de bestraling is niet gecodeerd: dit advies geldt voor bestraling van de wervelmetastasen.",
    "The target of the irradiation is not coded: this advice holds for irradiation of the spinal metastases.",
)
_FIRST_COURSE = (
    "Schema voor een eerste bestraling zonder voorafgaande operatie. Na een operatie aan de wervelmetastase gelden SM-RT07/RT08 en een interval van 3-4 weken (SM-RT09); bij terugkeer van klachten na eerdere bestraling een tweede bestraling (SM-RT05).",
    "Scheme for a first course without preceding surgery. After surgery for the spinal metastasis SM-RT07/RT08 and an interval of 3-4 weeks (SM-RT09) apply; when symptoms return after earlier irradiation, a second course (SM-RT05).",
)
_CONDITION_UNDEFINED = (
    "'Goede' of 'matige' conditie is in de richtlijn niet gedefinieerd.",
    "'Good' or 'moderate' condition is not defined in the guideline.",
)
_NO_INTERVAL = (
    "De richtlijn geeft geen interval tussen de eerste en de tweede bestraling.",
    "The guideline gives no interval between the first and the second course.",
)
_QUESTION = (
    "**Eén vraag beslist het schema:** zijn pijn of neurologische uitval na een initiële respons op de eerdere bestraling teruggekeerd, of was de respons onvoldoende?",
    "**One question decides the scheme:** have pain or neurological deficit returned after an initial response to the earlier irradiation, or was the response insufficient?",
)
_COURSES_SHOWN = 5
# Characters that would make a record's own text markdown on the card.
_MARKDOWN = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|~"})


def radiotherapy_cards(
    call: HookCall, facts: SpineFacts, order: dict[str, Any], policy: SpinePolicy
) -> list[Card]:
    """The scheme card for one radiotherapy order; none when the order targets another site."""
    target = spine_target(order, facts)
    if target is False:
        return []
    prefix = [t(call.language, *_UNCODED)] if target is None else []
    earlier = _earlier_line(call, facts, policy.display_timezone)
    if earlier is not None:
        prefix.append(earlier)
    second = decide(REIRRADIATION, facts)
    if second.row is not None:
        return [_reirradiation_card(call, facts, order, policy, prefix)]
    # A course on record, and neither a return of symptoms nor its absence: ask, never guess.
    question = bool(second.undecided) and facts.earlier_radiotherapy.value is True
    return _scheme_card(
        call,
        facts,
        order,
        policy,
        prefix,
        postoperative=facts.post_operative.value is True,
        question=question,
    )


def _scheme_card(
    call: HookCall,
    facts: SpineFacts,
    order: dict[str, Any],
    policy: SpinePolicy,
    prefix: list[str],
    *,
    postoperative: bool,
    question: bool,
) -> list[Card]:
    language, tz = call.language, policy.display_timezone
    table = POSTOPERATIVE_SCHEME if postoperative else FIRST_COURSE_SCHEME
    decision = decide(table, facts)
    row = decision.row
    if row is None and not decision.undecided:
        return []  # no pain and no deficit recorded: the guideline gives no scheme
    parts = [*prefix, t(language, RT00_NL, RT00_EN)]
    suggestions: list[Suggestion] = []
    # With a deficit the deficit schemes are exhaustive: the pain scheme is no real "otherwise".
    established = row if facts.neurological_deficit.value is not True else None
    options = [r for r in (*decision.undecided, established) if r is not None]
    decided = row if row is not None and not decision.undecided else None
    if question:
        parts.append(_question(language, facts, tz, decided, postoperative=postoperative))
    surgery = facts.spine_surgery_date.value
    earliest = earliest_start(facts, policy, order) if postoperative else None
    if decided is not None:
        advice = t(language, decided.advice_nl, decided.advice_en)
        scheme = t(language, "Schema", "Scheme")
        if not question:
            parts.append(f"**{scheme}: {advice[:1].lower()}{advice[1:]} ({decided.id}).**")
        suggestions = _scheme_suggestions(
            call, order, decided, question=question, earliest=earliest, tz=tz
        )
        other = (f"{SHORT[decided.id][0]} ({decided.id})", f"{SHORT[decided.id][1]} ({decided.id})")
        summary = (
            f"Radiotherapie volgens richtlijn: {SCHEMES[decided.id][0]} ({decided.id})",
            f"Radiotherapy per guideline: {SCHEMES[decided.id][1]} ({decided.id})",
        )
        shown = [decided.id]
    else:
        parts.append(branches(decision.undecided, facts, LABELS, language, established))
        nl = " of ".join(dict.fromkeys(SHORT[r.id][0] for r in options))
        en = " or ".join(dict.fromkeys(SHORT[r.id][1] for r in options))
        other = (
            ("schema na chirurgie", "scheme after surgery")
            if postoperative
            else ("schema eerste bestraling", "first-course scheme")
        )
        summary = (
            f"Radiotherapie: {nl}, afhankelijk van ontbrekende gegevens",
            f"Radiotherapy: {en}, depending on missing facts",
        )
        shown = [r.id for r in options]
    if question:
        summary = _question_summary(other)
        suggestions = [_second_course_suggestion(call, order), *suggestions] if decided else []
    elif postoperative and surgery is not None:
        summary = postoperative_summary(summary, facts.postoperative_recovery_insufficient.value)
        if earliest is not None and not suggestions:
            suggestions = [interval_suggestion(call, order, earliest, tz)]
    from_policy = "general_condition" in facts.policy_sources
    condition_open = not facts.general_condition.known or from_policy
    if "SM-RT02" in shown:
        parts.append(
            t(
                language,
                f"Stereotactie: “{ADDENDUM_QUOTE}” ({ADDENDUM_SECTION}). Oligometastasen: “{OLIGO_DEFINITION_QUOTE}”",
                "Stereotactic: 1-5 fractions, total dose 18-35 Gy (working-group addendum, not in the 2015 guideline text). Oligometastases: definitions vary; the broadest is at most 5 metastases in at most 3 organs, with curative-intent local treatment as the premise.",
            )
        )
    if {"SM-RT03", "SM-RT04"} & set(shown) and condition_open:
        parts.append(t(language, *_CONDITION_UNDEFINED))
        if from_policy and facts.performance_score.known:
            parts.append(_score_line(language, facts, policy))
    indicator: Indicator | None = None
    policies: list[str] = []
    if postoperative and surgery is not None:
        line, early = interval_line(call, facts, order, tz, surgery)
        parts.append(line)
        if earliest is not None:
            parts.append(earliest_line(call, policy, earliest))
            policies.append(MIN_DAYS_SETTING)
        indicator = "warning" if early else None
    elif not question:
        parts.append(_first_course_line(language, facts, tz))
    trace = decision.undecided[0] if decision.undecided else row
    if trace is None:  # unreachable: a winner or an undecided row exists here
        return []
    if question:  # the card's rule is SM-RT05; the other branch's settings still count
        policies += facts.policies_behind([n for r in options for n in r.facts])
        trace = REIRRADIATION.rows[0]
    return [
        compose(
            call,
            facts,
            trace,
            summary,
            parts,
            tz=tz,
            policies=policies,
            suggestions=suggestions,
            key=order_reference(order),
            indicator=indicator,
        )
    ]


def _question(
    language: Language,
    facts: SpineFacts,
    tz: str,
    decided: Row[SpineFacts] | None,
    *,
    postoperative: bool,
) -> str:
    """SM-RT05's question, with the advice each answer leads to."""
    rt05 = REIRRADIATION.rows[0]
    yes = t(language, "Ja", "Yes")
    no = (
        t(language, "Nee — bestraling na de operatie", "No — radiotherapy after surgery")
        if postoperative
        else t(language, "Nee — eerste bestraling", "No — first course")
    )
    lines = [
        t(language, *_QUESTION),
        f"- {yes}: `{rt05.id}` — **{t(language, rt05.advice_nl, rt05.advice_en)}**. "
        f"{t(language, *_NO_INTERVAL)}",
    ]
    if decided is None:
        lines.append(
            f"- {no}: "
            + t(
                language,
                "het schema hangt af van ontbrekende gegevens (hieronder).",
                "the scheme depends on missing facts (below).",
            )
        )
    else:
        established = known_facts(decided.facts, facts, language, tz)
        lines.append(
            f"- {no}: `{decided.id}` — **{t(language, decided.advice_nl, decided.advice_en)}** "
            f"({established})"
        )
    return "\n".join(lines)


def _question_summary(other: tuple[str, str]) -> tuple[str, str]:
    """Under 140 characters: the scheme of the other branch, or only that there is one."""
    nl = "Eerdere bestraling wervelkolom: klachten terug? Dan tweede bestraling (SM-RT05), anders "
    en = "Earlier spinal irradiation: symptoms returned? Then a second course (SM-RT05), otherwise "
    summary = (nl + other[0], en + other[1])
    if max(len(s) for s in summary) < 140:
        return summary
    return (nl + "ander schema", en + "another scheme")


def _first_course_line(language: Language, facts: SpineFacts, tz: str) -> str:
    """What the first-course scheme presupposes; after a recorded course, the answer that says so."""
    if facts.symptoms_returned_after_rt.value is False:
        answer = known_facts(("symptoms_returned_after_rt",), facts, language, tz)
        return t(
            language,
            f"Schema voor een eerste bestraling: na eerdere bestraling zijn geen pijn of uitval teruggekeerd en was de respons niet onvoldoende ({answer}), dus geen tweede bestraling (SM-RT05). Na een operatie aan de wervelmetastase gelden SM-RT07/RT08 en een interval van 3-4 weken (SM-RT09).",
            f"Scheme for a first course: after earlier irradiation no pain or deficit returned and the response was not insufficient ({answer}), so no second course (SM-RT05). After surgery for the spinal metastasis SM-RT07/RT08 and an interval of 3-4 weeks (SM-RT09) apply.",
        )
    return t(language, *_FIRST_COURSE)


def _score_line(language: Language, facts: SpineFacts, policy: SpinePolicy) -> str:
    """The score the local-policy condition was read from, its record and the cut-offs."""
    score, condition = facts.performance_score, facts.general_condition
    records = "; ".join(
        f"{e.reference}, {e.date}" if e.date else e.reference for e in score.evidence
    )
    value = (
        t(language, "goed", "good")
        if condition.value == "good"
        else t(language, "matig", "moderate")
    )
    ecog, kps = policy.ecog_good_max, policy.karnofsky_good_min
    return t(
        language,
        f"Conditie **{value}** afgeleid uit **{score.value}** ({records}) volgens lokaal beleid: ECOG/WHO ≤ {ecog} of Karnofsky ≥ {kps} geldt als goed, anders als matig.",
        f"Condition **{value}** derived from **{score.value}** ({records}) by local policy: ECOG/WHO ≤ {ecog} or Karnofsky ≥ {kps} counts as good, otherwise moderate.",
    )


def _earlier_line(call: HookCall, facts: SpineFacts, tz: str) -> str | None:
    """Every completed course to the spine on record: date, level and record, newest first."""
    courses = facts.earlier_radiotherapy_courses
    if not courses:
        return None
    language = call.language
    shown = []
    for course in courses[:_COURSES_SHOWN]:
        day = _day(course.date, tz, language, call.now)
        when_text = (
            t(language, f"op {day}", f"on {day}")
            if day
            else t(language, "datum onbekend", "date unknown")
        )
        level = (
            t(language, "niveau: ", "level: ") + course.level.translate(_MARKDOWN)
            if course.level
            else t(language, "niveau niet vastgelegd", "level not recorded")
        )
        shown.append(f"{when_text}, {level} ({course.reference})")
    more = len(courses) - len(shown)
    if more:
        shown.append(t(language, f"en {more} eerdere", f"and {more} earlier"))
    listed = "; ".join(shown)
    return t(
        language,
        f"**Eerdere bestraling van de wervelkolom** {listed}.",
        f"**Earlier irradiation of the spine** {listed}.",
    )


def _day(raw: str | None, tz: str, language: Language, now: datetime) -> str | None:
    """A record's date as on the card; a FHIR date (no time) without a time of day."""
    moment = parse_datetime(raw)
    if raw is None or moment is None:
        return None
    shown = when(moment, tz, language, now)
    return shown.rsplit(" ", 1)[0] if len(raw) == 10 else shown


def _second_course_suggestion(call: HookCall, order: dict[str, Any]) -> Suggestion:
    """The SM-RT05 branch as an option: the order marked as a second course, no scheme."""
    nl, en = SCHEMES["SM-RT05"]
    return Suggestion(
        label=t(
            call.language,
            f"Klachten teruggekeerd: leg vast in de aanvraag: {nl} (SM-RT05)",
            f"Symptoms returned: add to the order: {en} (SM-RT05)",
        ),
        uuid=stable_uuid(call.request.hook_instance, "SM-RT05", order_reference(order), "second"),
        actions=(
            Action(
                type="update",
                description=t(
                    call.language,
                    "Tweede bestraling volgens SM-RT05 als orderDetail",
                    "Second course per SM-RT05 as orderDetail",
                ),
                resource=proposals.with_scheme(
                    order, "SM-RT05", f"{nl}; schema en myelumdosis: beoordeling radiotherapeut"
                ),
            ),
        ),
    )


def _scheme_suggestions(
    call: HookCall,
    order: dict[str, Any],
    row: Row[SpineFacts],
    *,
    question: bool,
    earliest: datetime | None = None,
    tz: str = "Europe/Amsterdam",
) -> list[Suggestion]:
    """One per scheme of the row; the only one is recommended unless the card asks a question
    (then it is the answer "no return of symptoms", one option beside the second course).
    After surgery (`earliest`) each also sets the earliest start (SM-RT09)."""
    options = RT02_OPTIONS if row.id == "SM-RT02" else (SCHEMES[row.id],)
    suggestions = []
    for index, (nl, en) in enumerate(options):
        label = (
            (
                f"Geen terugkeer van klachten: neem schema over in de aanvraag: {nl}",
                f"No return of symptoms: add the scheme to the order: {en}",
            )
            if question
            else (f"Neem schema over in de aanvraag: {nl}", f"Add the scheme to the order: {en}")
        )
        resource = proposals.with_scheme(order, row.id, nl, _basis(row.id, index))
        if earliest is not None:
            resource = with_start(resource, earliest)
            label = (
                f"{label[0]}; {start_label(earliest, tz, 'nl', call.now)}",
                f"{label[1]}; {start_label(earliest, tz, 'en', call.now)}",
            )
        suggestions.append(
            Suggestion(
                label=t(call.language, *label),
                uuid=stable_uuid(
                    call.request.hook_instance, row.id, order_reference(order), f"scheme-{index}"
                ),
                is_recommended=True if not question and len(options) == 1 else None,
                actions=(
                    Action(
                        type="update",
                        description=t(
                            call.language,
                            f"Schema volgens {row.id} als orderDetail"
                            + (", vroegste start volgens SM-RT09" if earliest else ""),
                            f"Scheme per {row.id} as orderDetail"
                            + (", earliest start per SM-RT09" if earliest else ""),
                        ),
                        resource=resource,
                    ),
                ),
            )
        )
    return suggestions


def _basis(rule: str, option: int) -> str:
    """The stereotactic SM-RT02 scheme is the working group's addendum, not the 2015 text."""
    return "addendum van de werkgroep" if rule == "SM-RT02" and option == 1 else "richtlijn"


def _reirradiation_card(
    call: HookCall,
    facts: SpineFacts,
    order: dict[str, Any],
    policy: SpinePolicy,
    prefix: list[str],
) -> Card:
    """SM-RT05, with the question SM-T02b asks: is an adequate or meaningful dose still possible?"""
    language = call.language
    row = REIRRADIATION.rows[0]
    t02b = SURGERY_INDICATION.row("SM-T02b")
    adequate = facts.rt_adequate_dose_possible.value
    if adequate is False:
        parts = [
            *prefix,
            f"**{t(language, t02b.advice_nl, t02b.advice_en)}.**",
            t(
                language,
                "Een tweede bestraling (SM-RT05) is hier niet mogelijk of zinvol: de maximale tolerantiedosis van het myelum wordt overschreden, of opnieuw bestralen leidt naar verwachting niet tot respons. Toets de voorwaarden SM-S01–S07 (verwijzing wervelkolomchirurg).",
                "A second course (SM-RT05) is not possible or meaningful here: the spinal-cord tolerance dose would be exceeded, or re-irradiation is not expected to give a response. Check conditions SM-S01–S07 (referral to a spine surgeon).",
            ),
        ]
        return compose(
            call,
            facts,
            t02b,
            (
                "Herbestraling niet mogelijk of zinvol: chirurgie heeft de voorkeur (SM-T02b)",
                "Re-irradiation not possible or meaningful: surgery is preferred (SM-T02b)",
            ),
            parts,
            tz=policy.display_timezone,
            key=order_reference(order),
            indicator="warning",
        )
    parts = [
        *prefix,
        f"**{t(language, row.advice_nl, row.advice_en)}.**",
        t(language, *_NO_INTERVAL),
    ]
    if adequate is None:
        parts.append(branches((t02b,), facts, LABELS, language))
    return compose(
        call,
        facts,
        row,
        (
            "Terugkeer van klachten na bestraling: tweede bestraling aangewezen (SM-RT05)",
            "Symptoms returned after irradiation: second course indicated (SM-RT05)",
        ),
        parts,
        tz=policy.display_timezone,
        key=order_reference(order),
    )
