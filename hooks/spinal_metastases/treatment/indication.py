"""Indicatie behandeling: levensverwachting, eerste keus, overleg, asymptomatische MESMC (SM-LE<3, SM-LE>3, SM-T01, SM-T03, SM-T04; clinical model §1.1.4).

Richtlijn Wervelmetastasen, beslisboom IKNL/Pallialine, "Indicatie behandeling wervelmetastasen".
The tree branches on life expectancy: below three months radiotherapy is the first choice;
from three months chemotherapy or antihormonal therapy (SM-CH*), radiotherapy (SM-T01) and
surgery (SM-T02*, if SM-S01–S07 hold) are weighed, and when surgery and radiotherapy are both
possible for a deficit from MESCC the choice is made with the patient after urgent consultation.
"""

from __future__ import annotations

from hooks.rules import DecisionTable, Row, Truth, all_of, any_of, negate
from hooks.spinal_metastases.reading.case_features import (
    deficit_from_mescc,
    life_expectancy_above,
    life_expectancy_at_least,
    life_expectancy_below,
    radiotherapy_possible,
    symptomatic,
)
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.sources import (
    indicatie_behandeling,
    levensverwachting_kort,
    levensverwachting_lang,
)
from hooks.spinal_metastases.treatment.surgery import surgery_indicated
from hooks.spinal_metastases.treatment.systemic_therapy import chemotherapy_indicated

T01_QUOTE = "radiotherapie de behandeling van eerste keus is voor patiënten met symptomatische wervelmetastasen (met pijn en/of neurologische uitval), mits de mogelijkheid bestaat tot het geven van een adequate en zinvolle dosis radiotherapie en er geen indicatie is voor chirurgie of chemotherapie."


def short_life_expectancy(f: SpineFacts) -> Truth:
    """Levensverwachting korter dan drie maanden."""
    return life_expectancy_below(f, 3)


def life_expectancy_three_months_or_more(f: SpineFacts) -> Truth:
    """Levensverwachting van drie maanden of meer."""
    return life_expectancy_at_least(f, 3)


def radiotherapy_first_choice(f: SpineFacts) -> Truth:
    """Symptomatische wervelmetastasen, een adequate en zinvolle dosis radiotherapie is mogelijk, en geen indicatie voor chirurgie of chemotherapie."""
    return all_of(
        symptomatic(f),
        f.rt_adequate_dose_possible.value,
        negate(surgery_indicated(f)),
        negate(chemotherapy_indicated(f)),
    )


def both_surgery_and_radiotherapy(f: SpineFacts) -> Truth:
    """Uitval door MESMC, en de patiënt voldoet aan de indicaties en voorwaarden voor zowel chirurgie als radiotherapie."""
    return all_of(deficit_from_mescc(f), surgery_indicated(f), radiotherapy_possible(f))


def incidental_asymptomatic_mescc(f: SpineFacts) -> Truth:
    """Bij toeval gevonden, asymptomatische MESMC."""
    return all_of(f.mescc_radiological.value, negate(f.mescc_symptomatic.value))


def no_responsive_systemic_therapy(f: SpineFacts) -> Truth:
    """Geen gelijktijdige systeemtherapie waarvan een respons op de MESMC te verwachten is."""
    return any_of(
        negate(f.systemic_therapy_active.value), negate(f.systemic_response_expected.value)
    )


def asymptomatic_mescc_to_treat(f: SpineFacts) -> Truth:
    """Asymptomatische MESMC, uitval op korte termijn te verwachten, geen systeemtherapie met te verwachten respons, levensverwachting meer dan drie maanden."""
    return all_of(
        incidental_asymptomatic_mescc(f),
        f.deficit_expected_short_term.value,
        no_responsive_systemic_therapy(f),
        life_expectancy_above(f, 3),
    )


LIFE_EXPECTANCY = DecisionTable[SpineFacts](
    id="spine.treatment-branch",
    question_nl="Welke tak van de behandelbeslisboom geldt (levensverwachting < of > 3 maanden)?",
    question_en="Which branch of the treatment tree applies (life expectancy below or above 3 months)?",
    rows=(
        Row(
            id="SM-LE<3",
            when=short_life_expectancy,
            facts=("life_expectancy_months",),
            advice_nl="Radiotherapie is de behandeling van eerste keus (SM-T01), met corticosteroïden volgens SM-CS01–CS06; chirurgie valt af (SM-S01)",
            advice_en="Radiotherapy is the treatment of first choice (SM-T01), with corticosteroids per SM-CS01–CS06; surgery is excluded (SM-S01)",
            indicator="info",
            source=levensverwachting_kort("Behandeling bij levensverwachting < 3md"),
        ),
        Row(
            id="SM-LE>3",
            when=life_expectancy_three_months_or_more,
            facts=("life_expectancy_months",),
            advice_nl="Weeg chemo- of antihormonale therapie (SM-CH01/02), radiotherapie (SM-T01) en chirurgie (SM-T02, als aan SM-S01–S07 is voldaan) af",
            advice_en="Weigh chemotherapy or antihormonal therapy (SM-CH01/02), radiotherapy (SM-T01) and surgery (SM-T02, if SM-S01–S07 are met)",
            indicator="info",
            source=levensverwachting_lang("Behandeling bij levensverwachting > 3md"),
        ),
    ),
)

FIRST_CHOICE = DecisionTable[SpineFacts](
    id="spine.radiotherapy-first-choice",
    question_nl="Is radiotherapie de behandeling van eerste keus?",
    question_en="Is radiotherapy the treatment of first choice?",
    rows=(
        Row(
            id="SM-T01",
            when=radiotherapy_first_choice,
            facts=(
                "pain_from_metastases",
                "neurological_deficit",
                "rt_adequate_dose_possible",
                "life_expectancy_months",
            ),
            advice_nl="Radiotherapie is de behandeling van eerste keus",
            advice_en="Radiotherapy is the treatment of first choice",
            indicator="info",
            source=indicatie_behandeling(T01_QUOTE),
        ),
    ),
)

BOTH_OPTIONS = DecisionTable[SpineFacts](
    id="spine.urgent-consultation",
    question_nl="Zijn chirurgie én radiotherapie goede opties (spoedoverleg)?",
    question_en="Are surgery and radiotherapy both good options (urgent consultation)?",
    rows=(
        Row(
            id="SM-T03",
            when=both_surgery_and_radiotherapy,
            facts=(
                "neurological_deficit",
                "mescc_radiological",
                "mescc_clinical_suspicion",
                "spine_unstable",
                "deterioration_under_rt_and_steroids",
                "rt_adequate_dose_possible",
            ),
            advice_nl="Radiotherapie en chirurgie zijn beide goede opties: kies in overleg met de patiënt, op basis van spoedoverleg tussen radiotherapeut, wervelkolomchirurg, neuroloog/neuro-oncoloog en hoofdbehandelaar",
            advice_en="Radiotherapy and surgery are both good options: choose together with the patient, after urgent consultation between radiation oncologist, spine surgeon, neurologist/neuro-oncologist and the main treating physician",
            indicator="critical",
            source=levensverwachting_lang(
                "radiotherapie en chirurgie beiden goede opties zijn bij patiënten met neurologische uitval door MESMC, indien patiënten voldoen aan de indicaties en voorwaarden voor zowel chirurgie als radiotherapie. In dat geval dient in overleg met de patiënt een keuze gemaakt te worden op basis van spoedoverleg tussen radiotherapeut, wervelkolomchirurg, neuroloog/neuro-oncoloog en hoofdbehandelaar"
            ),
        ),
    ),
)

ASYMPTOMATIC_MESCC = DecisionTable[SpineFacts](
    id="spine.asymptomatic-mescc",
    question_nl="Moet asymptomatische MESMC behandeld worden als symptomatische MESMC?",
    question_en="Must asymptomatic MESCC be treated as symptomatic MESCC?",
    rows=(
        Row(
            id="SM-T04",
            when=asymptomatic_mescc_to_treat,
            facts=(
                "mescc_radiological",
                "mescc_symptomatic",
                "deficit_expected_short_term",
                "systemic_therapy_active",
                "systemic_response_expected",
                "life_expectancy_months",
            ),
            advice_nl="Geef laagdrempelig dezelfde behandeling als bij symptomatische MESMC (over dexamethason is geen consensus, SM-CS05)",
            advice_en="With a low threshold, give the same treatment as for symptomatic MESCC (no consensus on dexamethasone, SM-CS05)",
            indicator="warning",
            source=indicatie_behandeling(
                "patiënten met - bij toeval gevonden - asymptomatische MESMC laagdrempelig dezelfde behandeling moeten krijgen als patiënten met symptomatische MESMC, indien: neurologische uitval, door de uitgebreidheid van werveldestructie, op korte termijn te verwachten is, en er geen gelijktijdige systeemtherapie gegeven wordt, waarvan een respons op de asymptomatische MESMC te verwachten is, en de levensverwachting meer dan drie maanden bedraagt"
            ),
        ),
    ),
)
