"""Radiotherapie vóór een PD-1-remmer bij "koude" NSCLC (IO-*, clinical model §1.4).

A research finding reported in a news item, not practice guidance: an information card to
consider discussion in the MDT or a trial, only where a PD-1 inhibitor is ordered or given.
"""

from __future__ import annotations

from hooks.immunotherapy_resistance.facts import ImmunotherapyFacts
from hooks.immunotherapy_resistance.sources import nieuwsbericht
from hooks.rules import DecisionTable, Row, Truth, all_of, any_of


def cold_tumour_nsclc(f: ImmunotherapyFacts) -> Truth:
    """NSCLC met een kenmerk van een immunologisch "koude" tumor: lage mutatielast, geen PD-L1-eiwitexpressie of een mutatie in de Wnt-signaalroute (één kenmerk volstaat)."""
    return all_of(f.nsclc.value, any_of(f.low_tmb.value, f.pdl1_absent.value, f.wnt_mutation.value))


def cold_nsclc_with_pd1_inhibitor(f: ImmunotherapyFacts) -> Truth:
    """Koude NSCLC waarvoor een PD-1-remmer wordt voorgeschreven of gegeven."""
    return all_of(cold_tumour_nsclc(f), f.pd1.value)


COLD_TUMOUR = DecisionTable[ImmunotherapyFacts](
    id="io.cold-tumour",
    question_nl="Heeft deze NSCLC kenmerken van een immunologisch koude tumor?",
    question_en="Does this NSCLC have markers of an immunologically cold tumour?",
    rows=(
        Row(
            id="IO-01",
            when=cold_tumour_nsclc,
            facts=("nsclc", "low_tmb", "pdl1_absent", "wnt_mutation"),
            advice_nl='Kenmerk van een immunologisch "koude" tumor, die doorgaans niet reageert op immunotherapie alleen',
            advice_en='Marker of an immunologically "cold" tumour, which usually does not respond to immunotherapy alone',
            indicator="info",
            source=nieuwsbericht(
                "Deze tumoren kunnen worden geïdentificeerd aan de hand van bepaalde biomarkers: een lage mutatielast, een gebrek aan PD-L1-eiwitexpressie of de aanwezigheid van mutaties in de Wnt-signaalroute."
            ),
        ),
    ),
)

RADIOTHERAPY_BEFORE_PD1 = DecisionTable[ImmunotherapyFacts](
    id="io.radiotherapy-before-pd1",
    question_nl="Is de onderzoeksbevinding over radiotherapie vóór een PD-1-remmer relevant?",
    question_en="Is the research finding on radiotherapy before a PD-1 inhibitor relevant?",
    rows=(
        Row(
            id="IO-02",
            when=cold_nsclc_with_pd1_inhibitor,
            facts=("nsclc", "pd1"),
            advice_nl="Onderzoeksbevinding (fase II-studie, radiotherapie gevolgd door de PD-1-remmer pembrolizumab, vergeleken met alleen immunotherapie): de combinatie induceerde een systemische antitumor-immuunrespons, en patiënten met koude tumoren die door radiotherapie waren 'opgewarmd' hadden betere behandelresultaten dan zij die geen radiotherapie kregen; overweeg bespreking in het MDO of deelname aan een studie",
            advice_en="Research finding (phase II study, radiotherapy followed by the PD-1 inhibitor pembrolizumab, compared with immunotherapy alone): the combination induced a systemic anti-tumour immune response, and patients with cold tumours 'warmed up' by radiotherapy had better outcomes than those without radiotherapy; consider discussion in the MDT or a clinical trial",
            indicator="info",
            source=nieuwsbericht(
                "Klinisch gezien suggereren de resultaten dat radiotherapie bij sommige patiënten de resistentie tegen immunotherapie kan overwinnen. … patiënten met immunologisch koude tumoren die waren 'opgewarmd' door radiotherapie, betere behandelingsresultaten hadden dan degenen die geen radiotherapie kregen."
            ),
        ),
    ),
)

TABLES = (COLD_TUMOUR, RADIOTHERAPY_BEFORE_PD1)
