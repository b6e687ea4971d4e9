"""A bone metastasis without a site: is the spine involved? One question, two answers.

ICD-10 C79.5 ("secundaire maligne neoplasma van bot en beenmerg") is what many Dutch charts
hold for bone metastases, without a bodySite. It does not prove spinal metastases (SM-D02 and
the rest of the guideline concern the spine), and it does not rule them out: the patient stays
in scope and the card asks the one fact that decides it, as two suggestions (at most one, none
recommended). Which one the clinician picks reaches us as feedback; the card never assumes it.
"""

from __future__ import annotations

from hooks.cards import card_source, guideline_link, stable_uuid, t
from hooks.spinal_metastases.diagnosis.mri_urgency import MRI_URGENCY
from hooks.spinal_metastases.reading.facts import SpineFacts
from service.cds.contract import HookCall
from service.cds.models import Card, Suggestion

TOPIC = "spine.site-of-bone-metastasis"
DISPLAY = "Is the spine involved in the bone metastasis?"


def site_question_card(call: HookCall, facts: SpineFacts) -> Card:
    """Info: the bone metastasis on record names no site; the spinal branch is undecided."""
    language = call.language
    records = ", ".join(str(e) for e in facts.bone_metastasis_unsited.evidence)
    source = MRI_URGENCY.rows[0].source
    suggestions = tuple(
        Suggestion(
            label=t(language, nl, en),
            uuid=stable_uuid(call.request.hook_instance, TOPIC, key),
            is_recommended=False,
        ).for_branch(f"{TOPIC}:{key}")
        for key, nl, en in (
            ("yes", "Wervelkolom betrokken: ja", "Spine involved: yes"),
            ("no", "Wervelkolom betrokken: nee", "Spine involved: no"),
        )
    )
    detail = "\n\n".join(
        (
            t(
                language,
                "**Is de wervelkolom betrokken?** In het dossier staat een botmetastase zonder locatie "
                f"({records}). Of het om wervelmetastasen gaat, en dus of de richtlijn Wervelmetastasen "
                "geldt (MRI-termijnen, corticosteroïden, radiotherapie, chirurgie), blijft daarom open. "
                "Leg de locatie vast (bodySite) of de verdenking op wervelmetastasen in de vragenlijst.",
                "**Is the spine involved?** The record holds a bone metastasis without a site "
                f"({records}). Whether these are spinal metastases, and so whether the Wervelmetastasen "
                "guideline applies (MRI windows, corticosteroids, radiotherapy, surgery), stays open. "
                "Record the site (bodySite) or the suspicion of spinal metastases in the questionnaire.",
            ),
        )
    )
    link = guideline_link(source, language)
    return Card(
        uuid=stable_uuid(call.request.hook_instance, TOPIC),
        summary=t(
            language,
            "Botmetastase zonder locatie: is de wervelkolom betrokken?",
            "Bone metastasis without a site: is the spine involved?",
        ),
        detail=detail,
        indicator="info",
        source=card_source(TOPIC, DISPLAY, source, call.canonical_base),
        suggestions=suggestions,
        selection_behavior="at-most-one",
        links=(link,) if link else None,
    )
