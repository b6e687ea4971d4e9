"""Cards for the treatment indication (SM-LE<3, SM-LE>3, SM-T01, SM-T03, SM-T04).

The treatment card follows the guideline's tree: the life-expectancy branch first (both
branches when it is unknown), then, from three months, what each option needs. The urgent
consultation (SM-T03) is its own critical card with a ready ServiceRequest, on patient-view and
on a radiotherapy order or referral.
"""

from __future__ import annotations

from hooks.cards import branches, describe_value, stable_uuid, t
from hooks.rules import decide
from hooks.spinal_metastases import proposals
from hooks.spinal_metastases.card_parts import compose, status
from hooks.spinal_metastases.labels import LABELS
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.case_features import deficit_from_mescc, symptomatic
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.treatment.indication import (
    ASYMPTOMATIC_MESCC,
    BOTH_OPTIONS,
    FIRST_CHOICE,
    LIFE_EXPECTANCY,
    incidental_asymptomatic_mescc,
)
from hooks.spinal_metastases.treatment.steroid_cards import reason_references
from hooks.spinal_metastases.treatment.surgery import (
    SURGERY_CONDITIONS,
    surgery_indicated,
    surgery_indication,
)
from hooks.spinal_metastases.treatment.systemic_therapy import (
    SYSTEMIC_THERAPY,
    chemotherapy_indicated,
)
from service.cds.contract import HookCall, Language
from service.cds.models import Action, Card, Suggestion


def consultation_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    """SM-T03 when it holds; its branches when a deficit from MESCC meets a surgical indication.

    One per call (the same uuid from every order that raises it), so the EHR shows it once.
    """
    key = "consultation"
    decision = decide(BOTH_OPTIONS, facts)
    row = BOTH_OPTIONS.rows[0]
    tz = policy.display_timezone
    if decision.row is not None:
        resource = proposals.mdt_consultation(call, policy, reason_references(facts))
        suggestion = Suggestion(
            label=t(
                call.language,
                "Vraag spoedoverleg aan (radiotherapeut, wervelkolomchirurg, neuroloog, hoofdbehandelaar)",
                "Request urgent consultation (radiation oncologist, spine surgeon, neurologist, main physician)",
            ),
            uuid=stable_uuid(call.request.hook_instance, row.id, key, "mdt"),
            is_recommended=True,
            actions=(
                Action(type="create", description=resource["code"]["text"], resource=resource),
            ),
        )
        return [
            compose(
                call,
                facts,
                row,
                (
                    "Uitval door MESMC, chirurgie én radiotherapie mogelijk: spoedoverleg, kies met patiënt",
                    "Deficit from MESCC, surgery and radiotherapy both possible: urgent consultation, decide with patient",
                ),
                [f"**{t(call.language, row.advice_nl, row.advice_en)}.**"],
                tz=tz,
                suggestions=(suggestion,),
                key=key,
                policies=("CDS_SPINE_PRIORITY_MDT",),
                override_codes=("facts-differ", "patient-declines"),
            )
        ]
    if decision.undecided and deficit_from_mescc(facts) and surgery_indication(facts):
        return [
            compose(
                call,
                facts,
                row,
                (
                    "Uitval door MESMC met indicatie voor chirurgie: spoedoverleg als ook bestraling kan",
                    "Deficit from MESCC with an indication for surgery: urgent consultation if RT also fits",
                ),
                [branches(decision.undecided, facts, LABELS, call.language)],
                tz=tz,
                key=key,
                indicator="warning",
            )
        ]
    return []


def treatment_branch_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    """The life-expectancy branch and what each treatment option needs in it."""
    language, tz = call.language, policy.display_timezone
    decision = decide(LIFE_EXPECTANCY, facts)
    row = decision.row
    parts: list[str]
    if row is None:
        parts = [branches(decision.undecided, facts, LABELS, language)]
        summary = (
            "Behandelkeuze hangt af van levensverwachting (< of > 3 maanden): niet vastgelegd",
            "Treatment choice depends on life expectancy (below or above 3 months): not recorded",
        )
        return [compose(call, facts, decision.undecided[0], summary, parts, tz=tz)]
    months = describe_value(facts.life_expectancy_months.value, language, tz)
    branch = {
        "SM-LE<3": (
            f"Levensverwachting < 3 maanden (vastgelegd: {months} maanden)",
            f"Life expectancy < 3 months (recorded: {months} months)",
        ),
        "SM-LE>3": (
            f"Levensverwachting ≥ 3 maanden (vastgelegd: {months} maanden)",
            f"Life expectancy ≥ 3 months (recorded: {months} months)",
        ),
    }[row.id]
    both = decide(BOTH_OPTIONS, facts).row is not None
    parts = [
        f"**{t(language, *branch)}: {_lower_first(t(language, row.advice_nl, row.advice_en))}.**"
    ]
    if both:  # SM-T03 replaces "first choice": both are good options, the patient decides
        parts.append(
            t(
                language,
                "**Bij de uitval door MESMC zijn radiotherapie en chirurgie hier beide goede opties: kies met de patiënt na spoedoverleg (SM-T03).**",
                "**For the deficit from MESCC, radiotherapy and surgery are both good options here: decide with the patient after urgent consultation (SM-T03).**",
            )
        )
    else:
        parts.append(_first_choice(facts, language))
    if row.id == "SM-LE>3":
        parts += [_surgery_line(facts, language, both), _systemic_line(facts, language)]
        summary = (
            "Levensverwachting ≥ 3 mnd: weeg radiotherapie, chirurgie en systeemtherapie af",
            "Life expectancy ≥ 3 months: weigh radiotherapy, surgery and systemic therapy",
        )
    else:
        summary = (
            "Levensverwachting < 3 mnd: radiotherapie is eerste keus, geen chirurgie",
            "Life expectancy < 3 months: radiotherapy is first choice, no surgery",
        )
    return [compose(call, facts, row, summary, parts, tz=tz)]


def _first_choice(facts: SpineFacts, language: Language) -> str:
    decision = decide(FIRST_CHOICE, facts)
    if decision.row is not None:
        return t(
            language,
            "Radiotherapie is hier de behandeling van eerste keus (SM-T01).",
            "Radiotherapy is the treatment of first choice here (SM-T01).",
        )
    if decision.undecided:
        return branches(decision.undecided, facts, LABELS, language)
    reasons = []
    if facts.rt_adequate_dose_possible.value is False:
        reasons.append(t(language, "geen adequate dosis mogelijk", "no adequate dose possible"))
    if surgery_indicated(facts):
        reasons.append(
            t(language, "chirurgie is geïndiceerd (SM-T02)", "surgery is indicated (SM-T02)")
        )
    if chemotherapy_indicated(facts):
        reasons.append(
            t(
                language,
                "chemotherapie is eerste keus (SM-CH02)",
                "chemotherapy is first choice (SM-CH02)",
            )
        )
    if symptomatic(facts) is False:
        reasons.append(t(language, "geen pijn of uitval", "no pain or deficit"))
    return t(
        language,
        f"Radiotherapie is hier niet de eerste keus (SM-T01): {', '.join(reasons)}.",
        f"Radiotherapy is not the first choice here (SM-T01): {', '.join(reasons)}.",
    )


def _surgery_line(facts: SpineFacts, language: Language, both_options: bool) -> str:
    """SM-T02 with the conditions SM-S01–S07; under SM-T03 it names no preference, since there
    the guideline calls both options good and the choice is made with the patient."""
    results = [row.when(facts) for row in SURGERY_CONDITIONS.rows]
    met, failed = results.count(True), results.count(False)
    open_ = len(results) - met - failed
    verdict = None if both_options else surgery_indicated(facts)
    conclusion = {
        True: t(language, " **Chirurgie heeft de voorkeur.**", " **Surgery is preferred.**"),
        False: t(
            language, " Chirurgie heeft hier niet de voorkeur.", " Surgery is not preferred here."
        ),
        None: "",
    }[verdict]
    indication = status(surgery_indication(facts), language)
    return (
        t(
            language,
            f"Chirurgie heeft de voorkeur bij instabiliteit, recidief na radiotherapie zonder zinvolle dosis of achteruitgang onder radiotherapie (SM-T02: {indication}), als alle voorwaarden gelden (SM-S01–S07: {met} vervuld, {failed} niet vervuld, {open_} onbekend).",
            f"Surgery is preferred for instability, recurrence after radiotherapy without a meaningful dose or deterioration during radiotherapy (SM-T02: {indication}), if all conditions hold (SM-S01–S07: {met} met, {failed} not met, {open_} unknown).",
        )
        + conclusion
    )


def _systemic_line(facts: SpineFacts, language: Language) -> str:
    decision = decide(SYSTEMIC_THERAPY, facts)
    if decision.row is not None:
        return f"**{t(language, decision.row.advice_nl, decision.row.advice_en)} ({decision.row.id}).**"
    if decision.undecided:
        return t(
            language,
            "Chemo- of antihormonale therapie bij een potentieel gevoelige tumor (SM-CH01/02): onbekend of de tumor gevoelig is; welke tumoren antihormonaal gevoelig zijn, noemt de richtlijn niet.",
            "Chemotherapy or antihormonal therapy for a potentially sensitive tumour (SM-CH01/02): sensitivity unknown; the guideline does not say which tumours are sensitive to antihormonal therapy.",
        )
    return t(
        language,
        "Chemo- of antihormonale therapie (SM-CH01/02): niet van toepassing.",
        "Chemotherapy or antihormonal therapy (SM-CH01/02): not applicable.",
    )


def asymptomatic_cards(call: HookCall, facts: SpineFacts, policy: SpinePolicy) -> list[Card]:
    """SM-T04 for incidentally found asymptomatic MESCC; its branches while a condition is unknown."""
    if incidental_asymptomatic_mescc(facts) is not True:
        return []
    decision = decide(ASYMPTOMATIC_MESCC, facts)
    row = ASYMPTOMATIC_MESCC.rows[0]
    if decision.row is not None:
        parts = [f"**{t(call.language, row.advice_nl, row.advice_en)}.**"]
        summary = (
            "Asymptomatische MESMC: laagdrempelig behandelen als symptomatische MESMC (SM-T04)",
            "Asymptomatic MESCC: with a low threshold, treat as symptomatic MESCC (SM-T04)",
        )
    elif decision.undecided:
        parts = [branches(decision.undecided, facts, LABELS, call.language)]
        summary = (
            "Asymptomatische MESMC: behandelen als symptomatisch? Voorwaarden onbekend (SM-T04)",
            "Asymptomatic MESCC: treat as symptomatic? Conditions unknown (SM-T04)",
        )
    else:
        return []
    return [compose(call, facts, row, summary, parts, tz=policy.display_timezone)]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
