"""Bepaal indicatie corticosteroïden voorafgaand aan MRI-diagnostiek (SM-CS01–06; clinical model §1.1.3).

Richtlijn Wervelmetastasen, beslisboom IKNL/Pallialine. The steroid decision is made at the
time of suspicion, before the MRI result is known. Each table is one question.
"""

from __future__ import annotations

from hooks.rules import DecisionTable, Row, Truth, all_of, any_of, negate
from hooks.spinal_metastases.diagnosis.work_up import unknown_origin
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.sources import corticosteroiden, radiotherapie


def biopsy_first_trigger(f: SpineFacts) -> Truth:
    """Onbekende origine, of onbekende primaire tumor met verdenking op een hematologische maligniteit."""
    haematological = all_of(
        negate(f.known_primary.value), f.haematological_malignancy_suspected.value
    )
    return any_of(unknown_origin(f), haematological)


def biopsy_first(f: SpineFacts) -> Truth:
    """Onbekende origine (of onbekende primaire tumor met verdenking op een hematologische maligniteit) en nog geen weefseldiagnose."""
    return all_of(biopsy_first_trigger(f), negate(f.tissue_diagnosis_obtained.value))


def biopsy_first_unless_biopsied(f: SpineFacts) -> bool:
    """The trigger holds and no biopsy is on record: the warning stands until one is.

    Unknown is not false: a biopsy the record does not show may not have been done, and
    steroids given before it can make lymphoma or myeloma undiagnosable. The card names the
    missing fact and lets the clinician override with "biopsy already done".
    """
    return biopsy_first_trigger(f) is True and f.tissue_diagnosis_obtained.value is None


def symptomatic_compression_to_be_treated(f: SpineFacts) -> Truth:
    """Symptomatische MESMC of wortelcompressie door wervelmetastasen, patiënt wordt geopereerd en/of bestraald."""
    return all_of(
        f.mescc_symptomatic.value, f.surgery_or_radiotherapy_planned.value, negate(biopsy_first(f))
    )


def asymptomatic_mescc_to_be_irradiated(f: SpineFacts) -> Truth:
    """Asymptomatische MESMC die bestraald gaat worden."""
    return all_of(
        any_of(f.mescc_radiological.value, f.mescc_clinical_suspicion.value),
        negate(f.mescc_symptomatic.value),
        f.surgery_or_radiotherapy_planned.value,
    )


class GastricPredicate:
    """Risicofactor aanwezig (maagulcus in de voorgeschiedenis, NSAID's of anticoagulantia) en nog geen protonpompremmer."""

    __name__ = "risk_factor_without_ppi"

    def __init__(self, policy: SpinePolicy) -> None:
        self.policy = policy
        self.__doc__ = GastricPredicate.__doc__

    def __call__(self, f: SpineFacts) -> Truth:
        anticoagulant = f.anticoagulant_use.value
        if self.policy.platelet_inhibitors_count_as_anticoagulants:
            anticoagulant = any_of(anticoagulant, f.platelet_inhibitor_use.value)
        risk = any_of(f.gastric_ulcer_history.value, f.nsaid_use.value, anticoagulant)
        return all_of(risk, negate(f.ppi_active.value))


def treatment_completed_on_corticosteroids(f: SpineFacts) -> Truth:
    """Na de operatie of na afloop van de radiotherapie, met corticosteroïden nog actief."""
    return all_of(
        any_of(f.radiotherapy_completed.value, f.post_operative.value),
        f.corticosteroid_active.value,
    )


def pain_flare(f: SpineFacts) -> Truth:
    """'Pain flare' kort na radiotherapie voor pijnlijke botmetastasen."""
    return f.pain_flare_after_radiotherapy.value


BIOPSY_FIRST = DecisionTable[SpineFacts](
    id="spine.steroids-biopsy-first",
    question_nl="Moet met corticosteroïden gewacht worden tot na het biopt?",
    question_en="Must corticosteroids wait until after the biopsy?",
    rows=(
        Row(
            id="SM-CS01",
            when=biopsy_first,
            facts=(
                "known_primary",
                "spinal_metastasis_suspected",
                "spinal_metastasis_radiological",
                "haematological_malignancy_suspected",
                "tissue_diagnosis_obtained",
            ),
            advice_nl="Wacht met corticosteroïden tot na het biopt: ze kunnen de histologische diagnose van een maligne lymfoom, en in mindere mate multipel myeloom, onmogelijk maken",
            advice_en="Withhold corticosteroids until after the biopsy: they can make a histological diagnosis of malignant lymphoma, and to a lesser degree multiple myeloma, impossible",
            indicator="critical",
            source=corticosteroiden(
                "te wachten met het geven van corticosteroiden tot na het biopt, aangezien dit de histologische diagnose van een maligne lymfoom en in mindere mate ook multipel myeloom onmogelijk kan maken."
            ),
        ),
    ),
)

START_DEXAMETHASONE = DecisionTable[SpineFacts](
    id="spine.steroids-start",
    question_nl="Direct starten met dexamethason?",
    question_en="Start dexamethasone immediately?",
    rows=(
        Row(
            id="SM-CS02",
            when=symptomatic_compression_to_be_treated,
            facts=(
                "mescc_symptomatic",
                "surgery_or_radiotherapy_planned",
                "known_primary",
                "tissue_diagnosis_obtained",
            ),
            advice_nl="Start direct met een bolus van 10 mg dexamethason i.v., gevolgd door 1 dd 8–16 mg dexamethason p.o.; na de operatie of na afloop van de radiotherapie in 1–2 weken volledig afbouwen op geleide van de klachten",
            advice_en="Start immediately with a 10 mg dexamethasone i.v. bolus, followed by dexamethasone 8–16 mg p.o. once daily; taper completely over 1–2 weeks after surgery or radiotherapy, guided by symptoms",
            indicator="warning",
            source=corticosteroiden(
                "direct te starten met een bolus van 10 mg dexamethason i.v., gevolgd door 1 dd 8-16 mg dexamethason p.o."
            ),
        ),
        Row(
            id="SM-CS05",
            when=asymptomatic_mescc_to_be_irradiated,
            facts=(
                "mescc_radiological",
                "mescc_clinical_suspicion",
                "mescc_symptomatic",
                "surgery_or_radiotherapy_planned",
            ),
            advice_nl="Geen advies: de werkgroep heeft geen consensus bereikt over dexamethason bij asymptomatische MESMC die bestraald gaat worden",
            advice_en="No recommendation: the working group reached no consensus on dexamethasone for asymptomatic MESCC that will be irradiated",
            indicator="info",
            source=corticosteroiden(
                "De werkgroep heeft geen consensus bereikt over het wel of niet geven van dexamethason bij patiënten met asymptomatische MESMC ten gevolge van wervelmetastasen die bestraald gaan worden."
            ),
        ),
    ),
)


def gastric_protection_table(policy: SpinePolicy) -> DecisionTable[SpineFacts]:
    """The PPI question; its predicate depends on the local policy for platelet inhibitors."""
    return DecisionTable[SpineFacts](
        id="spine.steroids-ppi",
        question_nl="Moet een protonpompremmer worden bijgegeven?",
        question_en="Must a proton-pump inhibitor be added?",
        rows=(
            Row(
                id="SM-CS03",
                when=GastricPredicate(policy),
                facts=(
                    "gastric_ulcer_history",
                    "nsaid_use",
                    "anticoagulant_use",
                    "platelet_inhibitor_use",
                    "ppi_active",
                ),
                advice_nl="Geef een protonpompremmer bij (de richtlijn noemt geen middel of dosis)",
                advice_en="Add a proton-pump inhibitor (the guideline names no agent or dose)",
                indicator="warning",
                source=corticosteroiden(
                    "Bij risicofactoren (maagulcus in de voorgeschiedenis, gebruik van NSAID's of anticoagulantia) wordt een protonpompremmer bijgegeven."
                ),
            ),
        ),
    )


TAPER = DecisionTable[SpineFacts](
    id="spine.steroids-taper",
    question_nl="Moet dexamethason worden afgebouwd?",
    question_en="Must dexamethasone be tapered?",
    rows=(
        Row(
            id="SM-CS04",
            when=treatment_completed_on_corticosteroids,
            facts=("radiotherapy_completed", "post_operative", "corticosteroid_active"),
            advice_nl="Bouw de dexamethason in 1–2 weken volledig af op geleide van de klachten",
            advice_en="Taper dexamethasone completely over 1–2 weeks, guided by symptoms",
            indicator="info",
            source=corticosteroiden(
                "De dexamethason wordt na de operatie of na afloop van de radiotherapie in 1-2 weken volledig afgebouwd op geleide van de klachten."
            ),
        ),
    ),
)

PAIN_FLARE = DecisionTable[SpineFacts](
    id="spine.steroids-pain-flare",
    question_nl="Corticosteroïden bij een 'pain flare'?",
    question_en="Corticosteroids for a pain flare?",
    rows=(
        Row(
            id="SM-CS06",
            when=pain_flare,
            facts=("pain_flare_after_radiotherapy",),
            advice_nl="Corticosteroïden (dexamethason of methylprednisolon) kunnen worden gegeven ter bestrijding van de pijn; de richtlijn noemt geen dosis",
            advice_en="Corticosteroids (dexamethasone or methylprednisolone) may be given against the pain; the guideline gives no dose",
            indicator="info",
            source=radiotherapie(
                "als er kort na radiotherapie in verband met pijnlijke botmetastasen een 'pain flare' optreedt er corticosteroiden (dexamethason of methylprednisolon) kunnen worden gegeven ter bestrijding van de pijn."
            ),
        ),
    ),
)
