"""The card for an order we advise on when the diagnoses could not be read at all.

Whether this guideline concerns the patient rests on the Conditions (a known cancer, a
(suspected) spinal metastasis or MESCC). When the EHR's Conditions could be neither prefetched
nor fetched, that scope is unknown, not absent: silence would look like "nothing to advise" on
an MRI of the spine or a dexamethasone order, so the card says what could not be checked.
"""

from __future__ import annotations

from hooks.cards import missing_data_line, stable_uuid, t
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.sources import LABEL, URL
from service.cds.contract import HookCall
from service.cds.models import Card, Link, Source


def conditions_unreadable(call: HookCall) -> bool:
    data = call.data.get("conditions")
    return data is not None and not data.available


def scope_unknown_cards(call: HookCall, facts: SpineFacts) -> list[Card]:
    """One warning card: the spinal-metastases checks could not be made, and why."""
    language = call.language
    detail = "\n\n".join(
        line
        for line in (
            t(
                language,
                "**De diagnoses (Condition) van de patiënt konden niet worden gelezen.** Of de richtlijn Wervelmetastasen hier geldt (bekende maligniteit, (verdenking op) wervelmetastasen of MESMC) is daarom onbekend, en deze order is er niet op gecontroleerd: de MRI-termijnen, het biopt vóór corticosteroïden bij onbekende primaire tumor, het dexamethasonschema en de radiotherapie- en chirurgie-indicaties.",
                "**The patient's diagnoses (Condition) could not be read.** Whether the Wervelmetastasen guideline applies here (known malignancy, (suspected) spinal metastases or MESCC) is therefore unknown, and this order was not checked against it: the MRI windows, biopsy before corticosteroids at unknown primary, the dexamethasone scheme, and the radiotherapy and surgery indications.",
            ),
            t(
                language,
                "Geldt de richtlijn wel, leg dan de verdenking vast in de vragenlijst of probeer het opnieuw.",
                "If it does apply, record the suspicion in the questionnaire or try again.",
            ),
            missing_data_line(
                facts.missing_data,
                language,
                facts.skipped_malformed,
                facts.unrecognised_answers,
            ),
        )
        if line
    )
    return [
        Card(
            uuid=stable_uuid(call.request.hook_instance, "spine-scope-unknown"),
            summary=t(
                language,
                "Wervelmetastasen: diagnoses niet leesbaar, order niet aan de richtlijn getoetst",
                "Spinal metastases: diagnoses unreadable, order not checked against the guideline",
            ),
            detail=detail,
            indicator="warning",
            source=Source(label=LABEL, url=URL),
            links=(
                Link(
                    label=t(language, "Richtlijntekst", "Guideline text"), url=URL, type="absolute"
                ),
            ),
        )
    ]
