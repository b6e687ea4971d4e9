"""The liver-metastases cards: refer to the liver panel, or follow up after treatment.

One card per chart opening at most: after a liver-directed treatment (within 2 years) the
follow-up card (LM-13, or LM-14 when warning signs are recorded); otherwise, for (suspected)
liver metastases without a panel referral in the record, the referral card (LM-03) with the
checklist (LM-04), the work-up (LM-05), the treatment options with their conditions (LM-06..11)
and the shared decision (LM-12); with the site's setting on, a reminder for cancers at risk
(LM-01/LM-02).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hooks.cards import t
from hooks.common import info_card, suggest
from hooks.common.options import shown
from hooks.liver_metastases.facts import LiverFacts, follow_up_end
from hooks.liver_metastases.labels import LABELS
from hooks.liver_metastases.pathway import (
    AFTER_TREATMENT,
    AFTER_TREATMENT_SUPPORT,
    REFERRAL,
    REFERRAL_CONTENT,
    RISK,
    TREATMENT_OPTIONS,
)
from hooks.liver_metastases.policy import LiverPolicy
from hooks.rules import Row, decide
from service.cds.contract import HookCall, Language
from service.cds.models import Card, Suggestion

SNOMED = "http://snomed.info/sct"
PANEL_SETTINGS = (
    "CDS_LIVER_PANEL_NAME",
    "CDS_LIVER_PANEL_EMAIL",
    "CDS_LIVER_PANEL_ADDRESS_LINES",
    "CDS_LIVER_PANEL_MEETING_NL",
)


def patient_view_cards(call: HookCall, facts: LiverFacts, policy: LiverPolicy) -> list[Card]:
    after = decide(AFTER_TREATMENT, facts)
    treated = facts.liver_treatment.value
    if after.row is not None and treated is not None:
        return [_after_treatment_card(call, facts, policy, after.row, treated)]
    referral = decide(REFERRAL, facts)
    if referral.row is not None:
        if facts.referral_in_record.value:
            return []  # already referred to the panel: nothing to add at chart opening
        return [_referral_card(call, facts, policy, referral.row)]
    if policy.risk_reminder and facts.liver_metastases_history.value is not True:
        risk = decide(RISK, facts)
        if risk.row is not None:
            return [_risk_card(call, facts, risk.row)]
    return []


def _address(policy: LiverPolicy) -> str:
    return ", ".join(
        (*policy.panel_address_lines, f"{policy.panel_postal_code} {policy.panel_city}")
    )


def _checklist(policy: LiverPolicy, lang: Language) -> str:
    return "\n".join(
        [
            t(
                lang,
                "**Wat de verwijzing moet bevatten** (`LM-04`):",
                "**What the referral must contain** (`LM-04`):",
            ),
            t(
                lang,
                "1. Een brief met relevante patiëntgegevens: voorgeschiedenis, beloop en verslagen van relevant aanvullend onderzoek (laboratoriumuitslagen, endoscopie, beeldvorming, eventueel pathologie).",
                "1. A letter with relevant patient data: history, course and reports of relevant further investigations (laboratory results, endoscopy, imaging, pathology if any).",
            ),
            t(
                lang,
                "2. De relevante beeldvorming (volgens het zorgpad op CD).",
                "2. The relevant imaging (on CD, according to the pathway).",
            ),
            t(
                lang,
                "3. Of het een **verwijzing** of een **beoordeling** betreft (kies hieronder).",
                "3. Whether it is a **referral** or a request for **assessment** (choose below).",
            ),
            t(
                lang,
                "4. Uw contactgegevens, zodat de uitkomst van de bespreking teruggekoppeld kan worden.",
                "4. Your contact details, so the outcome of the meeting can be reported back.",
            ),
            t(
                lang,
                f"De brief bij voorkeur als PDF per e-mail naar {policy.panel_email}, of per post (net als de beeldvorming) naar: {_address(policy)}. Bespreking in het leverpanel {policy.panel_meeting_nl}.",
                f"The letter preferably as a PDF by e-mail to {policy.panel_email}, or by post (like the imaging) to: {_address(policy)}. Panel meeting {policy.panel_meeting_en}.",
            ),
        ]
    )


def _referral_card(
    call: HookCall, facts: LiverFacts, policy: LiverPolicy, row: Row[LiverFacts]
) -> Card:
    lang = call.language
    options = shown(TREATMENT_OPTIONS, facts)
    content = {a.row.id: a.row for a in shown(REFERRAL_CONTENT, facts)}
    parts: list[str | None] = [
        f"**{t(lang, row.advice_nl, row.advice_en)}:** {policy.panel_name}.",
        _checklist(policy, lang),
    ]
    if "LM-05" in content:
        r = content["LM-05"]
        parts.append(f"`LM-05` {t(lang, r.advice_nl, r.advice_en)}.")
    parts.append(
        "\n".join(
            [
                t(
                    lang,
                    "**Behandelingen die het zorgpad noemt** (het leverpanel beoordeelt welke passen; operabiliteit is zijn oordeel en staat niet in het dossier):",
                    "**Treatments the pathway names** (the liver panel judges which fit; resectability is its judgement and is not in the record):",
                ),
                *(info_card.option_line(a, facts, LABELS, lang) for a in options),
            ]
        )
    )
    if "LM-12" in content:
        r = content["LM-12"]
        parts.append(f"`LM-12` {t(lang, r.advice_nl, r.advice_en)}.")
    traced = [row, *(a.row for a in options if a.holds and len(a.row.facts) > 1)]
    parts.append(info_card.traces(traced, facts, LABELS, lang))
    subject = (
        t(lang, "Verdenking secundaire levertumor", "Suspected secondary liver tumour")
        if facts.suspected_only
        else t(lang, "Levermetastasen", "Liver metastases")
    )
    return info_card.card(
        call,
        topic=row,
        key="referral",
        summary_nl=f"{subject}: verwijs naar {policy.panel_name} voor een behandelvoorstel (zorgpad ziekenhuis)",
        summary_en=f"{subject}: refer to {policy.panel_name} for a treatment proposal (hospital pathway)",
        parts=parts,
        policies=PANEL_SETTINGS,
        missing=facts.missing_data,
        suggestions=[
            _referral_suggestion(call, facts, policy, kind)
            for kind in ("verwijzing", "beoordeling")
        ],
        override_codes=("facts-differ", "patient-declines"),
    )


def _referral_suggestion(
    call: HookCall, facts: LiverFacts, policy: LiverPolicy, kind: str
) -> Suggestion:
    lang = call.language
    kind_text = {
        "verwijzing": ("Verwijzing", "Referral"),
        "beoordeling": ("Beoordeling", "Assessment"),
    }[kind]
    checklist = t(
        lang,
        "LM-04 (LUMC zorgpad Secundaire leverkanker): meesturen: 1. brief met relevante patiëntgegevens (voorgeschiedenis, beloop, verslagen laboratorium, endoscopie, beeldvorming, eventueel pathologie); 2. relevante beeldvorming; contactgegevens van de verwijzer.",
        "LM-04 (LUMC care pathway, secondary liver cancer): include 1. a letter with relevant patient data (history, course, reports of laboratory tests, endoscopy, imaging, pathology if any); 2. the relevant imaging; the referrer's contact details.",
    )
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "contained": [
            {
                "resourceType": "Organization",
                "id": "liver-panel",
                "name": policy.panel_name,
                "telecom": [{"system": "email", "value": policy.panel_email, "use": "work"}],
                "address": [
                    {
                        "line": list(policy.panel_address_lines),
                        "postalCode": policy.panel_postal_code,
                        "city": policy.panel_city,
                        "country": "NL",
                    }
                ],
            }
        ],
        "status": "draft",
        "intent": "proposal",
        "priority": "routine",
        "category": [
            {"coding": [{"system": SNOMED, "code": "3457005", "display": "Patient referral"}]}
        ],
        "code": {
            "coding": [{"system": SNOMED, "code": "3457005", "display": "Patient referral"}],
            "text": f"{t(lang, *kind_text)} {policy.panel_name}",
        },
        "orderDetail": [{"text": t(lang, *kind_text)}],
        "subject": suggest.patient_reference(call),
        "authoredOn": call.now.isoformat(timespec="seconds"),
        "performer": [{"reference": "#liver-panel", "display": policy.panel_name}],
        "reasonReference": [{"reference": e.reference} for e in facts.liver_metastases.evidence],
        "note": [
            {"text": checklist},
            {
                "text": t(
                    lang,
                    f"LM-03: bespreking in het leverpanel {policy.panel_meeting_nl}.",
                    f"LM-03: liver panel meeting {policy.panel_meeting_en}.",
                )
            },
        ],
    }
    requester = suggest.requester_reference(call)
    if requester:
        resource["requester"] = requester
    return suggest.create(
        call,
        row_id="LM-03",
        key=kind,
        label=t(
            lang,
            f"{kind_text[0]} aanvragen bij {policy.panel_name} (concept)",
            f"Request {kind_text[1].lower()} by {policy.panel_name} (draft)",
        ),
        description=t(
            lang,
            f"Concept-{kind} {policy.panel_name} (LM-03, LM-04)",
            f"Draft {kind_text[1].lower()} request to {policy.panel_name} (LM-03, LM-04)",
        ),
        resource=resource,
    )


def _after_treatment_card(
    call: HookCall,
    facts: LiverFacts,
    policy: LiverPolicy,
    row: Row[LiverFacts],
    treated: date,
) -> Card:
    lang = call.language
    until = follow_up_end(treated)
    follow_up = AFTER_TREATMENT.row("LM-13")
    instruction = t(
        lang,
        f"Instrueer de patiënt: bij koorts, buikpijn, geelzucht of jeuk contact opnemen met de {policy.clinic_name} ({policy.clinic_phone}); bij ernstige problemen direct 112 bellen of naar de dichtstbijzijnde spoedeisende hulp (`LM-14`).",
        f"Instruct the patient: with fever, abdominal pain, jaundice or itching contact the {policy.clinic_name} ({policy.clinic_phone}); with severe problems call 112 or go to the nearest emergency department at once (`LM-14`).",
    )
    parts: list[str | None] = [f"**{t(lang, row.advice_nl, row.advice_en)}.**"]
    if row.id == "LM-14":
        parts.append(f"`LM-13` {t(lang, follow_up.advice_nl, follow_up.advice_en)}.")
    parts.append(
        t(
            lang,
            f"Behandeld op {info_card.day(treated, lang)}: controleperiode tot {info_card.day(until, lang)}.",
            f"Treated on {info_card.day(treated, lang)}: follow-up period until {info_card.day(until, lang)}.",
        )
    )
    parts.append(instruction)
    for a in shown(AFTER_TREATMENT_SUPPORT, facts):
        parts.append(f"`{a.row.id}` {t(lang, a.row.advice_nl, a.row.advice_en)}.")
    parts.append(info_card.traces([row], facts, LABELS, lang))
    suggestions: list[Suggestion] = []
    if facts.follow_up_ordered.value is not True:
        suggestions.append(_follow_up_suggestion(call, facts, treated, until))
    if row.id == "LM-14":
        summary = (
            "Na behandeling levermetastasen: koorts, buikpijn, geelzucht of jeuk vastgelegd, mogelijk complicatie (zorgpad)",
            "After treatment of liver metastases: fever, abdominal pain, jaundice or itching recorded, possible complication",
        )
    else:
        summary = (
            f"Na behandeling levermetastasen: controle elke 4 maanden tot {info_card.day(until, 'nl')}, met CT borst/buik en bloed (zorgpad)",
            f"After treatment of liver metastases: follow-up every 4 months until {info_card.day(until, 'en')}, with CT chest/abdomen and blood",
        )
    return info_card.card(
        call,
        topic=row,
        key="after-treatment",
        summary_nl=summary[0],
        summary_en=summary[1],
        parts=parts,
        policies=("CDS_LIVER_CLINIC_NAME", "CDS_LIVER_CLINIC_PHONE"),
        missing=facts.missing_data,
        suggestions=suggestions,
        override_codes=("facts-differ", "patient-declines") if suggestions else (),
    )


def _follow_up_suggestion(
    call: HookCall, facts: LiverFacts, treated: date, until: date
) -> Suggestion:
    lang = call.language
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "proposal",
        "priority": "routine",
        "category": [{"coding": [{"system": SNOMED, "code": "363679005", "display": "Imaging"}]}],
        "code": {
            "coding": [
                {
                    "system": SNOMED,
                    "code": "429864007",
                    "display": "CT of thorax and abdomen with contrast",
                }
            ],
            "text": t(
                lang,
                "CT thorax en abdomen (controle levermetastasen)",
                "CT chest and abdomen (liver metastases follow-up)",
            ),
        },
        "subject": suggest.patient_reference(call),
        "authoredOn": call.now.isoformat(timespec="seconds"),
        "occurrenceTiming": {
            "repeat": {
                "boundsPeriod": {
                    "start": treated.isoformat(),
                    "end": until.isoformat(),
                },
                "frequency": 1,
                "period": 4,
                "periodUnit": "mo",
            }
        },
        "reasonReference": [
            {"reference": e.reference} for e in facts.liver_metastases_history.evidence
        ],
        "note": [
            {
                "text": t(
                    lang,
                    "LM-13 (LUMC zorgpad Secundaire leverkanker): de eerste 2 jaar na de behandeling om de 4 maanden controle op het spreekuur, vooraf CT borst en buik en bloedonderzoek (het zorgpad noemt geen bepalingen).",
                    "LM-13 (LUMC care pathway): follow-up at the clinic every 4 months for the first 2 years after treatment, preceded by CT chest and abdomen and blood tests (the pathway names no tests).",
                )
            }
        ],
    }
    requester = suggest.requester_reference(call)
    if requester:
        resource["requester"] = requester
    return suggest.create(
        call,
        row_id="LM-13",
        key="follow-up-ct",
        label=t(
            lang,
            f"Plan CT borst en buik elke 4 maanden tot {info_card.day(until, 'nl')} (concept)",
            f"Plan CT chest and abdomen every 4 months until {info_card.day(until, 'en')} (draft)",
        ),
        description=t(
            lang, "Concept-aanvraag controle-CT (LM-13)", "Draft follow-up CT request (LM-13)"
        ),
        resource=resource,
        recommended=True,
    )


def _risk_card(call: HookCall, facts: LiverFacts, row: Row[LiverFacts]) -> Card:
    lang = call.language
    parts: list[str | None] = [f"**{t(lang, row.advice_nl, row.advice_en)}.**"]
    if row.id == "LM-02":
        first = RISK.row("LM-01")
        parts.append(f"`LM-01` {t(lang, first.advice_nl, first.advice_en)}.")
    parts.append(info_card.traces([row], facts, LABELS, lang))
    return info_card.card(
        call,
        topic=row,
        key="risk",
        summary_nl="Kanker met risico op levermetastasen: onderzoek goed op uitzaaiingen (zorgpad ziekenhuis)",
        summary_en="Cancer at risk of liver metastases: examine properly for metastases (hospital pathway)",
        parts=parts,
        policies=("CDS_LIVER_RISK_REMINDER",),
        missing=facts.missing_data,
    )
