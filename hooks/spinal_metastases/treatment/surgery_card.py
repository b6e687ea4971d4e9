"""The card for a referral for spinal metastases in the draft orders (SM-T02a–c, SM-S01–S07, SM-CH01/02, SM-T05, SM-ORG02).

Surgery is the preferred treatment when one of its three indications holds and all seven
conditions do; the card shows each indication and each condition as met, not met or unknown,
with the facts behind it, so the referrer sees what is missing rather than a guess. It adds the
chemotherapy rules for sensitive tumours, the advice against routine en bloc resection and the
site norm of at least 10 spine operations a year.
"""

from __future__ import annotations

from typing import Any

from hooks.cards import t
from hooks.orders import order_reference
from hooks.rules import Indicator, Row, Truth, all_of, any_of, decide
from hooks.spinal_metastases.card_parts import checklist, compose, known_facts, status
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.reading.order_scope import spine_target
from hooks.spinal_metastases.treatment.cards import consultation_cards
from hooks.spinal_metastases.treatment.indication import LIFE_EXPECTANCY
from hooks.spinal_metastases.treatment.surgery import (
    EN_BLOC_EN,
    EN_BLOC_NL,
    EN_BLOC_SOURCE,
    OPERATIONS_PER_YEAR_NORM,
    SURGERY_CENTRE,
    SURGERY_CONDITIONS,
    SURGERY_INDICATION,
)
from hooks.spinal_metastases.treatment.systemic_therapy import SYSTEMIC_THERAPY
from service.cds.contract import HookCall, Language
from service.cds.models import Card

_COMBINED_QUOTE = "Bij een gecombineerde ingreep wordt een levensverwachting van meer dan zes maanden aangehouden."


def referral_cards(
    call: HookCall, facts: SpineFacts, order: dict[str, Any], policy: SpinePolicy
) -> list[Card]:
    """The surgery card and, when surgery and radiotherapy both fit, the urgent consultation."""
    if spine_target(order, facts) is not True:
        return []  # only a referral that names the spinal metastases (site or reason)
    key = order_reference(order)
    return [_surgery_card(call, facts, policy, key), *consultation_cards(call, facts, policy)]


def _surgery_card(call: HookCall, facts: SpineFacts, policy: SpinePolicy, key: str) -> Card:
    language, tz = call.language, policy.display_timezone
    indications = {row.id: row.when(facts) for row in SURGERY_INDICATION.rows}
    conditions = {row.id: row.when(facts) for row in SURGERY_CONDITIONS.rows}
    indication: Truth = any_of(*indications.values())
    all_met: Truth = all_of(*conditions.values())
    failed = [r for r in SURGERY_CONDITIONS.rows if conditions[r.id] is False]
    holding = [r for r in SURGERY_INDICATION.rows if indications[r.id]]
    head, summary, row, indicator = _headline(indication, all_met, holding, failed, facts, language)
    parts = [
        head,
        t(language, "**Indicaties (één volstaat):**", "**Indications (one suffices):**"),
        checklist(SURGERY_INDICATION.rows, facts, language, tz),
        t(language, "**Voorwaarden (alle zeven):**", "**Conditions (all seven):**"),
        checklist(SURGERY_CONDITIONS.rows, facts, language, tz),
    ]
    policies: list[str] = []
    if facts.combined_procedure.value is not False and conditions["SM-S01"] is not False:
        bound = "≥" if facts.combined_procedure_inclusive else ">"
        parts.append(
            t(
                language,
                f"Bij een gecombineerde ingreep geldt zes maanden; elders: “{_COMBINED_QUOTE}” Lokaal beleid: {bound} 6 maanden.",
                f"For a combined procedure six months apply; elsewhere the guideline says more than six months. Local policy: {bound} 6 months.",
            )
        )
        policies.append("CDS_SPINE_COMBINED_PROCEDURE_LIFE_EXPECTANCY")
    parts.append(_systemic_line(facts, language, tz))
    parts.append(
        t(language, EN_BLOC_NL, EN_BLOC_EN)
        + f"\n\n> {EN_BLOC_SOURCE.quote_nl}\n>\n> — {EN_BLOC_SOURCE.guideline}, {EN_BLOC_SOURCE.section}"
    )
    parts.append(_site_line(facts, language))
    if facts.site_spine_operations_per_year.known:
        policies.append("CDS_SPINE_SITE_SPINE_OPERATIONS_PER_YEAR")
    for shown in (*SURGERY_INDICATION.rows, *SURGERY_CONDITIONS.rows):
        policies += facts.policies_behind(shown.facts)
    return compose(
        call,
        facts,
        row,
        summary,
        parts,
        tz=tz,
        policies=policies,
        key=key,
        indicator=indicator,
        override_codes=("facts-differ", "clinically-necessary", "patient-declines"),
        facts_shown=True,
    )


def _headline(
    indication: Truth,
    all_met: Truth,
    holding: list[Row[SpineFacts]],
    failed: list[Row[SpineFacts]],
    facts: SpineFacts,
    language: Language,
) -> tuple[str, tuple[str, str], Row[SpineFacts], Indicator]:
    """The verdict, the summary, the row the card is about, and its indicator."""
    ids = ", ".join(r.id for r in holding)
    if indication and all_met:
        return (
            t(
                language,
                f"**Chirurgie heeft de voorkeur ({ids}): aan alle zeven voorwaarden is voldaan.**",
                f"**Surgery is the preferred treatment ({ids}): all seven conditions are met.**",
            ),
            (
                f"Chirurgie heeft de voorkeur ({ids}): aan alle voorwaarden voldaan",
                f"Surgery is preferred ({ids}): all conditions met",
            ),
            holding[0],
            "info",
        )
    if failed:
        failed_ids = ", ".join(r.id for r in failed)
        short = decide(LIFE_EXPECTANCY, facts).row
        extra = ""
        if short is not None and short.id == "SM-LE<3":
            extra = t(
                language,
                " Levensverwachting < 3 maanden: radiotherapie is de behandeling van eerste keus (SM-LE<3, SM-T01).",
                " Life expectancy < 3 months: radiotherapy is the treatment of first choice (SM-LE<3, SM-T01).",
            )
        return (
            t(
                language,
                f"**Niet aan alle voorwaarden voor chirurgie voldaan: {failed_ids} niet vervuld.**{extra}",
                f"**Not all conditions for surgery are met: {failed_ids} not met.**{extra}",
            ),
            (
                f"Chirurgie volgens richtlijn niet aangewezen: voorwaarde {failed_ids} niet vervuld",
                f"Surgery not indicated per guideline: condition {failed_ids} not met",
            ),
            failed[0],
            "warning",
        )
    if indication is False:
        return (
            t(
                language,
                "**Geen indicatie voor chirurgie volgens de richtlijn**: geen instabiliteit, geen recidief na radiotherapie zonder zinvolle dosis, geen achteruitgang onder radiotherapie en corticosteroïden.",
                "**No indication for surgery per guideline**: no instability, no recurrence after radiotherapy without a meaningful dose, no deterioration during radiotherapy and corticosteroids.",
            ),
            (
                "Geen indicatie voor chirurgie volgens de richtlijn (SM-T02a-c niet vervuld)",
                "No indication for surgery per guideline (SM-T02a-c not met)",
            ),
            SURGERY_INDICATION.rows[0],
            "warning",
        )
    return (
        t(
            language,
            "**Nog niet te beoordelen of chirurgie de voorkeur heeft**: zie hieronder welke indicaties en voorwaarden onbekend zijn.",
            "**Cannot yet tell whether surgery is preferred**: see below which indications and conditions are unknown.",
        ),
        (
            "Chirurgie: indicatie of voorwaarden (SM-T02, SM-S01-S07) nog onbekend, zie checklist",
            "Surgery: indication or conditions (SM-T02, SM-S01-S07) still unknown, see checklist",
        ),
        holding[0] if holding else SURGERY_INDICATION.rows[0],
        "info",
    )


def _systemic_line(facts: SpineFacts, language: Language, tz: str) -> str:
    """Chemotherapy-sensitive tumours (SM-S03) and the chemotherapy / antihormonal rules."""
    decision = decide(SYSTEMIC_THERAPY, facts)
    names = ("chemosensitive_tumour", "systemic_sensitive_tumour")
    line = t(
        language,
        f"**Chemotherapiegevoelige tumor** (SM-S03): {known_facts(names, facts, language, tz)}.",
        f"**Chemotherapy-sensitive tumour** (SM-S03): {known_facts(names, facts, language, tz)}.",
    )
    if decision.row is not None:
        line += f" **{t(language, decision.row.advice_nl, decision.row.advice_en)} ({decision.row.id}).**"
    elif decision.undecided:
        ids = ", ".join(r.id for r in decision.undecided)
        line += " " + t(
            language,
            f"Chemo- of antihormonale therapie ({ids}): {status(None, language)}; welke tumoren antihormonaal gevoelig zijn, noemt de richtlijn niet.",
            f"Chemotherapy or antihormonal therapy ({ids}): {status(None, language)}; the guideline does not say which tumours are sensitive to antihormonal therapy.",
        )
    return line


def _site_line(facts: SpineFacts, language: Language) -> str:
    """SM-ORG02: at least 10 spine operations a year for spinal metastases at the operating site."""
    decision = decide(SURGERY_CENTRE, facts)
    volume = facts.site_spine_operations_per_year.value
    if decision.row is not None:
        return t(
            language,
            f"**{decision.row.advice_nl} (SM-ORG02)**: deze instelling verricht er {volume} per jaar.",
            f"**{decision.row.advice_en} (SM-ORG02)**: this site performs {volume} a year.",
        )
    if volume is not None:
        return t(
            language,
            f"Deze instelling verricht {volume} wervelkolomoperaties per jaar bij wervelmetastasen (norm ≥ {OPERATIONS_PER_YEAR_NORM}, SM-ORG02): voldoet.",
            f"This site performs {volume} spine operations a year for spinal metastases (norm ≥ {OPERATIONS_PER_YEAR_NORM}, SM-ORG02): meets the norm.",
        )
    return t(
        language,
        f"Opereer alleen in een instelling met ten minste {OPERATIONS_PER_YEAR_NORM} wervelkolomoperaties per jaar bij wervelmetastasen (SM-ORG02); het aantal van deze instelling is niet ingesteld.",
        f"Operate only at a site with at least {OPERATIONS_PER_YEAR_NORM} spine operations a year for spinal metastases (SM-ORG02); this site's number is not configured.",
    )
