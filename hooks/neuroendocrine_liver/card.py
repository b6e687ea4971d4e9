"""The NET liver-metastases card: an information card for the MDT, never an order."""

from __future__ import annotations

from hooks.cards import t
from hooks.common import info_card
from hooks.common.options import shown
from hooks.neuroendocrine_liver.facts import NetFacts
from hooks.neuroendocrine_liver.labels import LABELS
from hooks.neuroendocrine_liver.radioembolization import LIVER_DIRECTED, RADIOEMBOLIZATION
from hooks.neuroendocrine_liver.sources import CAVEAT
from hooks.rules import decide
from service.cds.contract import HookCall
from service.cds.models import Card


def patient_view_cards(call: HookCall, facts: NetFacts) -> list[Card]:
    decision = decide(LIVER_DIRECTED, facts)
    if decision.row is None:
        return []  # no NET with liver metastases in the record
    lang = call.language
    topic = decision.row
    options = shown(RADIOEMBOLIZATION, facts)
    parts: list[str | None] = [
        f"**{t(lang, topic.advice_nl, topic.advice_en)}.**",
        "\n".join(
            [
                t(
                    lang,
                    "**Wat het proefschrift over radioembolisatie zegt:**",
                    "**What the thesis says about radioembolization:**",
                ),
                *(info_card.option_line(a, facts, LABELS, lang) for a in options),
            ]
        ),
        t(
            lang,
            "Geen order: dit is een onderwerp voor het multidisciplinair overleg.",
            "No order: this is a topic for the multidisciplinary meeting.",
        ),
        info_card.traces([topic, *(a.row for a in options if a.holds)], facts, LABELS, lang),
    ]
    return [
        info_card.card(
            call,
            topic=topic,
            key="patient-view",
            summary_nl="NET met levermetastasen: bespreek radioembolisatie als levergerichte optie in het MDO (proefschrift 2019)",
            summary_en="NET with liver metastases: discuss radioembolization as a liver-directed option in the MDT (thesis, 2019)",
            parts=parts,
            missing=facts.missing_data,
            caveat=CAVEAT,
        )
    ]
