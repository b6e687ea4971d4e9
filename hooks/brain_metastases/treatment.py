"""Systemische behandeling van hersenmetastasen (BM-*, clinical model §1.2).

Compter, Sol, Brandsma, Nervus 2023 (summary and learning objectives). Every row is
informational: the article as available to us gives no doses, thresholds or lines of therapy,
and gives no direction between targeted therapy and checkpoint inhibitors: it asks to weigh them.
For NSCLC it names checkpoint inhibitors but no targetable alteration, so BM-06 there rests on
a variant the record gives, and the weighing is left to the multidisciplinary meeting.
"""

from __future__ import annotations

from hooks.brain_metastases.facts import BrainFacts
from hooks.brain_metastases.sources import leerdoelen, samenvatting, samenvatting_en_leerdoelen
from hooks.common.options import OptionTable
from hooks.rules import DecisionTable, Row, Truth, all_of, any_of


def brain_metastases_present(f: BrainFacts) -> Truth:
    """Hersenmetastasen (van elke primaire tumor), bevestigd of vermoed."""
    return f.brain_metastases.value


def symptomatic_brain_metastases(f: BrainFacts) -> Truth:
    """Symptomatische hersenmetastasen."""
    return all_of(f.brain_metastases.value, f.symptomatic.value)


def braf_mutated_melanoma(f: BrainFacts) -> Truth:
    """Hersenmetastasen van een BRAF-gemuteerd melanoom."""
    return all_of(f.brain_metastases.value, f.melanoma.value, f.braf_mutation.value)


def nsclc_brain_metastases(f: BrainFacts) -> Truth:
    """Hersenmetastasen van een niet-kleincellig longcarcinoom (NSCLC)."""
    return all_of(f.brain_metastases.value, f.nsclc.value)


def her2_target(f: BrainFacts) -> Truth:
    """Hersenmetastasen van een tumor met HER2 als doelwit (HER2-positief)."""
    return all_of(f.brain_metastases.value, f.her2_positive.value)


def nsclc_with_recorded_variant(f: BrainFacts) -> Truth:
    """Hersenmetastasen van een NSCLC met een genetische variant die in het dossier als aanwezig is vastgelegd."""
    return all_of(f.brain_metastases.value, f.nsclc.value, f.driver_variant.value)


def targeted_and_checkpoint_both_in_question(f: BrainFacts) -> Truth:
    """Doelgerichte therapie en immuuncheckpointremmers komen beide ter sprake: bij een BRAF-gemuteerd melanoom, of bij een NSCLC met een vastgelegde variant (de bron noemt bij NSCLC geen doelwit)."""
    return any_of(braf_mutated_melanoma(f), nsclc_with_recorded_variant(f))


# BM-06's two branches and the facts each reads: its why-trace shows the branch it rests on.
WEIGHING_BRANCHES = (
    (braf_mutated_melanoma, ("brain_metastases", "melanoma", "braf_mutation")),
    (nsclc_with_recorded_variant, ("brain_metastases", "nsclc", "driver_variant")),
)


def weighing_facts(f: BrainFacts) -> tuple[str, ...]:
    """The facts of the BM-06 branches that hold; when none holds, of those still undecided."""
    truths = [(when(f), names) for when, names in WEIGHING_BRANCHES]
    for wanted in (True, None):
        names = [n for truth, branch in truths if truth is wanted for n in branch]
        if names:
            return tuple(dict.fromkeys(names))
    return tuple(dict.fromkeys(n for _, branch in WEIGHING_BRANCHES for n in branch))


def molecular_profile_unknown(f: BrainFacts) -> Truth:
    """Hersenmetastasen en geen enkele moleculaire uitslag van de tumor in het dossier: het moleculaire profiel is onbekend."""
    return all_of(f.brain_metastases.value, not f.molecular_result.known)


TREATMENT_DECISION = DecisionTable[BrainFacts](
    id="brain.treatment-decision",
    question_nl="Hoe wordt over de behandeling van hersenmetastasen besloten?",
    question_en="How is the treatment of brain metastases decided?",
    rows=(
        Row(
            id="BM-01",
            when=brain_metastases_present,
            facts=("brain_metastases",),
            advice_nl="Behandelbesluit in multidisciplinair verband: weeg de klinische conditie, de cerebrale en systemische ziekteactiviteit en het moleculaire profiel van de tumor, voor systemische behandeling en voor lokale neurochirurgische of radiotherapeutische behandeling",
            advice_en="Decide on treatment in a multidisciplinary setting: weigh the clinical condition, cerebral and systemic disease activity and the tumour's molecular profile, for systemic treatment and for local neurosurgical or radiotherapeutic treatment",
            indicator="info",
            source=samenvatting(
                "In multidisciplinair verband worden al deze factoren gewogen in het besluit over systemische behandeling en lokale neurochirurgische of radiotherapeutische behandeling."
            ),
        ),
    ),
)

DEXAMETHASONE = DecisionTable[BrainFacts](
    id="brain.dexamethasone",
    question_nl="Is dexamethason aan de orde?",
    question_en="Is dexamethasone indicated?",
    rows=(
        Row(
            id="BM-02",
            when=symptomatic_brain_metastases,
            facts=("brain_metastases", "symptomatic"),
            advice_nl="Dexamethason in de optimale dosis bij symptomatische hersenmetastasen; de bron noemt geen dosis: doseer volgens het lokale protocol",
            advice_en="Dexamethasone in the optimal dose for symptomatic brain metastases; the source gives no dose: dose according to the local protocol",
            indicator="info",
            source=leerdoelen(
                "kunt u dexamethason in de optimale dosis toedienen bij symptomatische hersenmetastasen"
            ),
        ),
    ),
)

SYSTEMIC_OPTIONS = OptionTable[BrainFacts](
    id="brain.systemic-options",
    question_nl="Welke systemische behandelingen noemt de bron als voorbeeld?",
    question_en="Which systemic treatments does the source name as examples?",
    rows=(
        Row(
            id="BM-03",
            when=braf_mutated_melanoma,
            facts=("brain_metastases", "melanoma", "braf_mutation"),
            advice_nl="Doelgerichte therapie: BRAF-remmers bij BRAF-gemuteerd melanoom (toenemend bewijs voor de effectiviteit)",
            advice_en="Targeted therapy: BRAF inhibitors for BRAF-mutated melanoma (growing evidence of effectiveness)",
            indicator="info",
            source=samenvatting(
                "door het toenemende bewijs voor de effectiviteit van doelgerichte therapie (bijvoorbeeld BRAF-remmers bij BRAF-gemuteerd melanoom)"
            ),
        ),
        Row(
            id="BM-04",
            when=nsclc_brain_metastases,
            facts=("brain_metastases", "nsclc"),
            advice_nl="Immuuntherapie met immuuncheckpointremmers (bij NSCLC); de indicaties bij hersenmetastasen breiden steeds verder uit",
            advice_en="Immunotherapy with immune checkpoint inhibitors (in NSCLC); the indications in brain metastases keep widening",
            indicator="info",
            source=samenvatting_en_leerdoelen(
                "immuuntherapie (bijvoorbeeld immuuncheckpointremmers bij NSCLC) … de indicaties voor immuuntherapie met immuuncheckpointremmers bij de behandeling van hersenmetastasen steeds verder uitbreiden"
            ),
        ),
        Row(
            id="BM-05",
            when=her2_target,
            facts=("brain_metastases", "her2_positive"),
            advice_nl="Antibody-drug conjugate trastuzumab-deruxtecan (gericht tegen HER2): hogere effectiviteit, ook bij cerebrale metastasen",
            advice_en="Antibody-drug conjugate trastuzumab deruxtecan (directed against HER2): higher effectiveness, also in cerebral metastases",
            indicator="info",
            source=samenvatting(
                "Een voorbeeld hiervan is trastuzumab (monoklonaal antilichaam gericht tegen HER-2)-deruxtecan (chemotherapeuticum). Door de hogere specificiteit van de chemotherapie wordt de effectiviteit verhoogd, ook bij cerebrale metastasen."
            ),
        ),
    ),
)

SYSTEMIC_CHOICE = DecisionTable[BrainFacts](
    id="brain.systemic-choice",
    question_nl="Wat weegt mee in de keuze van de systemische behandeling?",
    question_en="What weighs in the choice of systemic treatment?",
    rows=(
        Row(
            id="BM-06",
            when=targeted_and_checkpoint_both_in_question,
            facts=("brain_metastases", "melanoma", "braf_mutation", "nsclc", "driver_variant"),
            advice_nl="Laat de verschillen in responskans, tijd tot respons en responsduur tussen doelgerichte therapie en immuuncheckpointremmers meewegen in de behandelkeuze (de bron geeft geen voorkeursrichting)",
            advice_en="Weigh the differences in response rate, time to response and duration of response between targeted therapy and immune checkpoint inhibitors in the choice (the source gives no preferred direction)",
            indicator="info",
            source=leerdoelen(
                "bent u in staat om de relevante verschillen in responskans, tijd tot respons en responsduur van doelgerichte therapie en immuuncheckpointremmers mee te laten wegen in uw behandelkeuze"
            ),
        ),
        Row(
            id="BM-07",
            when=molecular_profile_unknown,
            facts=("brain_metastases", "molecular_result"),
            advice_nl="Het moleculaire profiel van de tumor is nodig voor deze keuze en is onbekend: er staat geen moleculaire uitslag in het dossier (onbekend, niet negatief); zoek de uitslag op of laat deze bepalen",
            advice_en="The tumour's molecular profile is needed for this choice and is unknown: there is no molecular result in the record (unknown, not negative); look up the result or have it determined",
            indicator="info",
            source=leerdoelen(
                "weet u dat doelgerichte therapie een steeds grotere rol krijgt in de behandeling van hersenmetastasen en kent u de meest relevante moleculaire veranderingen"
            ),
        ),
    ),
)

TABLES = (TREATMENT_DECISION, DEXAMETHASONE, SYSTEMIC_OPTIONS, SYSTEMIC_CHOICE)
