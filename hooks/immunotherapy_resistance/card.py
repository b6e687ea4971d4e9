"""The research-news card: radiotherapy before a PD-1 inhibitor in "cold" NSCLC (IO-01, IO-02).

Shown only where a PD-1 inhibitor is ordered (order hooks) or given (patient view) for NSCLC
with a recorded marker of a cold tumour. The summary says "onderzoeksnieuws, geen richtlijn",
so the card can never be read as a guideline; no suggestion, no order.
"""

from __future__ import annotations

from hooks.cards import t
from hooks.common import info_card
from hooks.immunotherapy_resistance.cold_tumour import COLD_TUMOUR, RADIOTHERAPY_BEFORE_PD1
from hooks.immunotherapy_resistance.facts import ImmunotherapyFacts
from hooks.immunotherapy_resistance.labels import LABELS
from hooks.immunotherapy_resistance.policy import ImmunotherapyPolicy
from hooks.immunotherapy_resistance.sources import CAVEAT
from hooks.rules import decide
from service.cds.contract import HookCall, Language
from service.cds.models import Card

_MARKER_SETTINGS = {
    "low_tmb": "CDS_IO_TMB_LOW_BELOW",
    "pdl1_absent": "CDS_IO_PDL1_ABSENT_BELOW_PERCENT",
    "wnt_mutation": "CDS_IO_WNT_GENES",
}


def cards(
    call: HookCall, facts: ImmunotherapyFacts, policy: ImmunotherapyPolicy, key: str
) -> list[Card]:
    decision = decide(RADIOTHERAPY_BEFORE_PD1, facts)
    markers_unknown = decision.row is None and bool(decision.undecided)
    if decision.row is None and not (markers_unknown and policy.show_when_markers_unknown):
        return []
    if markers_unknown and not (facts.nsclc.value and facts.pd1.value):
        return []  # only the markers may be unknown, never the tumour or the PD-1 inhibitor
    lang = call.language
    topic = RADIOTHERAPY_BEFORE_PD1.rows[0]
    cold = COLD_TUMOUR.rows[0]
    parts: list[str | None] = [
        t(
            lang,
            "**Onderzoeksnieuws, geen richtlijn en geen praktijkadvies.**",
            "**Research news, not a guideline and not practice guidance.**",
        ),
        f"`{topic.id}` {t(lang, topic.advice_nl, topic.advice_en)}.",
        _markers(facts, policy, lang),
        info_card.traces([topic, cold], facts, LABELS, lang),
    ]
    used = [
        setting
        for name, setting in _MARKER_SETTINGS.items()
        if getattr(facts, name).known or markers_unknown
    ]
    summary = (
        (
            "Onderzoeksnieuws, geen richtlijn: bestraling vóór PD-1-remmer bij 'koude' NSCLC; overweeg MDO of studie",
            "Research news, not a guideline: radiotherapy before PD-1 inhibitor in 'cold' NSCLC; consider MDT or trial",
        )
        if not markers_unknown
        else (
            "Onderzoeksnieuws, geen richtlijn: bestraling vóór PD-1-remmer bij 'koude' NSCLC; kenmerken onbekend",
            "Research news, not a guideline: radiotherapy before PD-1 inhibitor in 'cold' NSCLC; markers unknown",
        )
    )
    return [
        info_card.card(
            call,
            topic=topic,
            key=key,
            summary_nl=summary[0],
            summary_en=summary[1],
            parts=parts,
            policies=[*used, "CDS_IO_PD1_ATC"]
            + (["CDS_IO_SHOW_WHEN_MARKERS_UNKNOWN"] if markers_unknown else []),
            missing=facts.missing_data,
            caveat=CAVEAT,
        )
    ]


def _markers(facts: ImmunotherapyFacts, policy: ImmunotherapyPolicy, lang: Language) -> str:
    """Which markers of a cold tumour the record shows, against the site's thresholds."""
    genes = ", ".join(policy.wnt_genes)
    lines = [
        t(
            lang,
            "**Kenmerken van een koude tumor** (`IO-01`; één kenmerk volstaat):",
            "**Markers of a cold tumour** (`IO-01`; one marker suffices):",
        )
    ]
    for name, nl, en in (
        (
            "low_tmb",
            f"lage mutatielast (< {policy.tmb_low_below:g} mutaties/Mb)",
            f"low mutational burden (< {policy.tmb_low_below:g} mutations/Mb)",
        ),
        (
            "pdl1_absent",
            f"geen PD-L1-eiwitexpressie (TPS < {policy.pdl1_absent_below_percent:g}% of negatief)",
            f"no PD-L1 protein expression (TPS < {policy.pdl1_absent_below_percent:g}% or negative)",
        ),
        (
            "wnt_mutation",
            f"mutatie in de Wnt-signaalroute ({genes})",
            f"Wnt-pathway mutation ({genes})",
        ),
    ):
        fact = getattr(facts, name)
        value = (
            t(lang, "onbekend", "unknown")
            if not fact.known
            else (t(lang, "ja", "yes") if fact.value else t(lang, "nee", "no"))
        )
        origin = ", ".join(str(e) for e in fact.evidence) or t(
            lang, "geen registratie", "no record"
        )
        lines.append(f"- {t(lang, nl, en)}: **{value}** — {origin}")
    return "\n".join(lines)
