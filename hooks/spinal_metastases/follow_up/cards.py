"""Follow-up cards (SM-FU01–FU06): after treatment, and for proven spinal metastases.

After radiotherapy or surgery: mobilise guided by pain, imaging of the spine only with
complaints or to evaluate systemic therapy, taper the corticosteroids (SM-FU03 = SM-CS04, its
own card), and the related guidelines on www.pallialine.nl. For proven spinal metastases: the
patient leaflet (with a one-click CommunicationRequest) and a GP who is informed and a clear
coordinating physician. On an MRI order after treatment without complaints, SM-FU01.
"""

from __future__ import annotations

from typing import Any

from hooks.cards import branches, local_policy_line, stable_uuid, t
from hooks.orders import order_reference
from hooks.rules import decide
from hooks.spinal_metastases import proposals
from hooks.spinal_metastases.card_parts import compose
from hooks.spinal_metastases.diagnosis.mri_urgency import MRI_URGENCY
from hooks.spinal_metastases.follow_up.rules import (
    FOLLOW_UP_IMAGING,
    GP_AND_COORDINATOR,
    LEAFLET,
    MOBILISATION,
    RELATED_GUIDELINES,
    RELATED_LOCATION,
)
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.case_features import after_treatment
from hooks.spinal_metastases.reading.facts import SpineFacts
from service.cds.contract import HookCall, Language
from service.cds.models import Action, Card, Link, Suggestion


def follow_up_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    """One follow-up card (`CDS_SPINE_ROUTINE_CARDS=one-info`), or one per part (`every-rule`)."""
    after, information = _after_treatment(call, facts, policy), _information(call, facts, policy)
    if policy.routine_cards == "every-rule":
        return [*after, *information]
    cards = (
        [_fold(call, after[0], information[0])] if after and information else after + information
    )
    return _routine_note(call, facts, policy, cards)


def routine_chart(facts: SpineFacts, policy: SpinePolicy) -> bool:
    """A chart without a recorded suspicion or complaint, under `CDS_SPINE_ROUTINE_CARDS=one-info`:
    at most one info card, the follow-up card; SM-CS04 is its SM-FU03 line, not its own card."""
    return policy.routine_cards == "one-info" and facts.recorded_suspicion.value is not True


ROUTINE_NL = (
    "Geen verdenking op wervelmetastasen of MESMC en geen klacht vastgelegd: geen MRI-kaart "
    "(SM-D02 vraagt een klinische verdenking) en geen behandelkaart; beeldvorming van de "
    "wervelkolom alleen bij klachten of ter evaluatie van systeemtherapie (SM-FU01). *Lokaal "
    "beleid: stabiele patiënt → één informatiekaart.*"
)
ROUTINE_EN = (
    "No suspicion of spinal metastases or MESCC and no complaint on record: no MRI card (SM-D02 "
    "presupposes a clinical suspicion) and no treatment card; imaging of the spine only with "
    "complaints or to evaluate systemic therapy (SM-FU01). *Local policy: stable patient → one "
    "information card.*"
)


def _routine_note(
    call: HookCall, facts: SpineFacts, policy: SpinePolicy, cards: list[Card]
) -> list[Card]:
    """The follow-up card of a stable chart says why it is the only card, and on which policy."""
    if not cards or not routine_chart(facts, policy):
        return cards
    card, *rest = cards
    lines = [t(call.language, ROUTINE_NL, ROUTINE_EN)]
    if facts.corticosteroid_active.value is True and after_treatment(facts) is True:
        lines.append(
            t(
                call.language,
                "**Er is een systemisch corticosteroïd actief:** bouw het na de behandeling in 1-2 weken volledig af op geleide van de klachten (SM-CS04 = SM-FU03).",
                "**A systemic corticosteroid is active:** taper it completely over 1-2 weeks after treatment, guided by symptoms (SM-CS04 = SM-FU03).",
            )
        )
    detail = "\n\n".join([*lines, card.detail or ""])
    policy_line = local_policy_line(["CDS_SPINE_ROUTINE_CARDS"], call.language)
    if policy_line:
        detail += "\n\n" + policy_line
    return [card.model_copy(update={"detail": detail}), *rest]


def _fold(call: HookCall, after: Card, information: Card) -> Card:
    """After treatment and proven: one card, the follow-up instructions, then leaflet and GP.

    Each part keeps its own why-trace and quote; the kind of source is said once.
    """
    summary = t(
        call.language,
        "Follow-up: mobiliseren op geleide van pijn, beeldvorming alleen bij klachten; folder en huisarts",
        "Follow-up: mobilise guided by pain, imaging only with complaints; leaflet and GP",
    )
    first, second = (after.detail or "").split("\n\n"), (information.detail or "").split("\n\n")
    if first[-1] == second[-1]:
        first = first[:-1]
    links = list(after.links or ())
    links += [link for link in information.links or () if link.url not in {x.url for x in links}]
    return after.model_copy(
        update={
            "summary": summary,
            "detail": "\n\n".join([*first, *second]),
            "suggestions": information.suggestions,
            "selection_behavior": information.selection_behavior,
            "override_reasons": information.override_reasons,
            "links": tuple(links) or None,
        }
    )


def _imaging_line(facts: SpineFacts, language: Language) -> str:
    row = FOLLOW_UP_IMAGING.rows[0]
    decision = decide(FOLLOW_UP_IMAGING, facts)
    line = f"{t(language, row.advice_nl, row.advice_en)} (SM-FU01)."
    if decision.row is not None:
        line += " " + t(
            language,
            "Er zijn nu geen klachten en er loopt geen systeemtherapie (zie hieronder): geen routinematige beeldvorming.",
            "There are no complaints now and no systemic therapy is running (see below): no routine imaging.",
        )
    return line


def _after_treatment(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    decision = decide(MOBILISATION, facts)
    if decision.row is None:
        return []
    language = call.language
    row = decision.row
    related = ", ".join(RELATED_GUIDELINES)
    parts = [
        f"**{t(language, row.advice_nl, row.advice_en)}** (SM-FU02).",
        _imaging_line(facts, language),
        t(
            language,
            "Bouw de corticosteroïden in 1-2 weken na behandeling volledig af, op geleide van klachten (SM-FU03, = SM-CS04).",
            "Taper the corticosteroids completely over 1-2 weeks after treatment, guided by symptoms (SM-FU03, = SM-CS04).",
        ),
        t(
            language,
            f"Zie de richtlijnen op www.pallialine.nl, o.a. {related} (SM-FU06).",
            f"See the guidelines on www.pallialine.nl, among them {related} (SM-FU06).",
        ),
    ]
    link = Link(
        label=t(language, "Richtlijnen op www.pallialine.nl", "Guidelines on www.pallialine.nl"),
        url=RELATED_LOCATION,
        type="absolute",
    )
    return [
        compose(
            call,
            facts,
            row,
            (
                "Follow-up: mobiliseren op geleide van pijn; beeldvorming alleen bij klachten",
                "Follow-up: mobilise guided by pain; imaging only with complaints",
            ),
            parts,
            tz=policy.display_timezone,
            links=(link,),
            key="follow-up",
        )
    ]


def _information(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    """SM-FU04 leaflet and SM-FU05 GP and coordinating physician, for proven spinal metastases."""
    if facts.spinal_metastasis_proven.value is not True:
        return []
    language = call.language
    leaflet, gp = decide(LEAFLET, facts), decide(GP_AND_COORDINATOR, facts)
    open_leaflet = leaflet.row is not None or bool(leaflet.undecided)
    open_gp = gp.row is not None or bool(gp.undecided)
    if not (open_leaflet or open_gp):
        return []
    parts: list[str] = []
    suggestions: list[Suggestion] = []
    if open_leaflet:
        row = LEAFLET.rows[0]
        parts.append(
            f"**{t(language, row.advice_nl, row.advice_en)}** (SM-FU04) — "
            + t(
                language,
                f"folder gegeven: {_yes_no(facts.leaflet_given.value, language)}.",
                f"leaflet given: {_yes_no(facts.leaflet_given.value, language)}.",
            )
        )
        resource = proposals.leaflet(call)
        suggestions.append(
            Suggestion(
                label=t(
                    language,
                    "Geef de patiëntenfolder mee (verzoek)",
                    "Hand the patient leaflet (request)",
                ),
                uuid=stable_uuid(call.request.hook_instance, row.id, "leaflet"),
                actions=(
                    Action(
                        type="create",
                        description=t(
                            language,
                            "Patiënteninformatiefolder wervelmetastasen",
                            "Patient information leaflet on spinal metastases",
                        ),
                        resource=resource,
                    ),
                ),
            )
        )
    if open_gp:
        row = GP_AND_COORDINATOR.rows[0]
        parts.append(
            f"**{t(language, row.advice_nl, row.advice_en)}** (SM-FU05) — "
            + t(
                language,
                f"huisarts op de hoogte: {_yes_no(facts.gp_informed.value, language)}; regievoerend arts duidelijk: {_yes_no(facts.coordinating_physician_known.value, language)}.",
                f"GP informed: {_yes_no(facts.gp_informed.value, language)}; coordinating physician clear: {_yes_no(facts.coordinating_physician_known.value, language)}.",
            )
        )
    main = LEAFLET.rows[0] if open_leaflet else GP_AND_COORDINATOR.rows[0]
    summary = {
        (True, True): (
            "Aangetoonde wervelmetastasen: patiëntenfolder, huisarts informeren, regievoerend arts",
            "Proven spinal metastases: patient leaflet, inform GP, coordinating physician",
        ),
        (True, False): (
            "Aangetoonde wervelmetastasen: geef de patiënteninformatiefolder",
            "Proven spinal metastases: give the patient information leaflet",
        ),
        (False, True): (
            "Huisarts op de hoogte en regievoerend arts duidelijk? (SM-FU05)",
            "GP informed and coordinating physician clear? (SM-FU05)",
        ),
    }[(open_leaflet, open_gp)]
    return [
        compose(
            call,
            facts,
            main,
            summary,
            parts,
            tz=policy.display_timezone,
            suggestions=suggestions,
            key="information",
            override_codes=("facts-differ", "patient-declines"),
        )
    ]


def _yes_no(value: bool | None, language: Language) -> str:
    if value is None:
        return t(language, "onbekend", "unknown")
    return t(language, "ja", "yes") if value else t(language, "nee", "no")


def imaging_not_indicated(facts: SpineFacts) -> bool:
    """SM-FU01 holds: after treatment, no complaints, no systemic therapy to evaluate."""
    return decide(FOLLOW_UP_IMAGING, facts).row is not None


def _said_by_the_question(facts: SpineFacts, policy: SpinePolicy) -> bool:
    """Whether the MRI order's question card (no suspicion on record) already states SM-FU01."""
    return (
        policy.routine_cards == "one-info"
        and policy.unknown_window == "ask"
        and facts.recorded_suspicion.value is not True
        and decide(MRI_URGENCY, facts).row is None
    )


def imaging_order_cards(
    call: HookCall, facts: SpineFacts, order: dict[str, Any], policy: SpinePolicy
) -> list[Card]:
    """SM-FU01 on an MRI order after treatment: imaging only with complaints or for systemic therapy."""
    if after_treatment(facts) is not True:
        return []
    decision = decide(FOLLOW_UP_IMAGING, facts)
    row = FOLLOW_UP_IMAGING.rows[0]
    language = call.language
    if decision.row is not None:
        parts = [
            f"**{t(language, row.advice_nl, row.advice_en)}.**",
            t(
                language,
                "Na de behandeling zijn er geen klachten en loopt er geen systeemtherapie (zie hieronder); de MRI-termijnen bij verdenking op wervelmetastasen (SM-MRI-*) gelden alleen bij klachten.",
                "After treatment there are no complaints and no systemic therapy is running (see below); the MRI windows for suspected spinal metastases (SM-MRI-*) apply only with complaints.",
            ),
        ]
        summary = (
            "Follow-up-MRI zonder klachten of systeemtherapie: alleen bij klachten (SM-FU01)",
            "Follow-up MRI without complaints or systemic therapy: only with complaints (SM-FU01)",
        )
    elif decision.undecided and _said_by_the_question(facts, policy):
        return []  # the MRI question card says SM-FU01 for an order without a suspicion
    elif decision.undecided:
        parts = [branches(decision.undecided, facts, LABELS, language)]
        summary = (
            "Follow-up-MRI: alleen bij klachten of ter evaluatie van systeemtherapie (SM-FU01)",
            "Follow-up MRI: only with complaints or to evaluate systemic therapy (SM-FU01)",
        )
    else:
        return []
    return [
        compose(
            call,
            facts,
            row,
            summary,
            parts,
            tz=policy.display_timezone,
            key=order_reference(order),
            override_codes=("facts-differ", "clinically-necessary"),
        )
    ]
