"""Chirurgie: indicaties en voorwaarden (SM-T02a–c, SM-S01–S07, SM-ORG02; clinical model §1.1.4–1.1.5, §1.1.8).

Richtlijn Wervelmetastasen, beslisboom IKNL/Pallialine, "Indicatie behandeling wervelmetastasen —
Behandeling bij levensverwachting > 3md". Surgery is the preferred treatment when one of the
three indications holds *and* every one of the seven conditions holds. The conditions table is
a checklist: each row's predicate says whether that condition is met (the card shows every row
as met, not met or unknown), not a first-wins choice.
"""

from __future__ import annotations

from datetime import timedelta

from hooks.rules import DecisionTable, Row, Truth, all_of, any_of, negate
from hooks.spinal_metastases.reading.case_features import (
    deficit_from_mescc,
    life_expectancy_above,
    life_expectancy_at_least,
    symptomatic,
)
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.sources import levensverwachting_lang, maximale_tijd

OPERATIONS_PER_YEAR_NORM = 10


def unstable_spine(f: SpineFacts) -> Truth:
    """Symptomatische wervelmetastasen bij instabiliteit van de wervelkolom."""
    return all_of(symptomatic(f), f.spine_unstable.value)


def recurrence_after_radiotherapy_without_adequate_dose(f: SpineFacts) -> Truth:
    """Recidief of progressie van pijn en/of uitval na eerdere radiotherapie, en een adequate of zinvolle dosis radiotherapie is niet (meer) mogelijk."""
    return all_of(f.symptoms_returned_after_rt.value, negate(f.rt_adequate_dose_possible.value))


def deterioration_under_radiotherapy_and_steroids(f: SpineFacts) -> Truth:
    """Neurologische achteruitgang door progressieve MESMC onder radiotherapie en corticosteroïden."""
    return f.deterioration_under_rt_and_steroids.value


def life_expectancy_allows_surgery(f: SpineFacts) -> Truth:
    """Levensverwachting van minstens drie maanden; bij een gecombineerde ingreep zes maanden."""
    at_least_3 = life_expectancy_at_least(f, 3)
    if at_least_3 is not True:
        return at_least_3
    six = (
        life_expectancy_at_least(f, 6)
        if f.combined_procedure_inclusive
        else life_expectancy_above(f, 6)
    )
    return any_of(six, negate(f.combined_procedure.value))


def condition_permits_surgery(f: SpineFacts) -> Truth:
    """De klinische toestand van de patiënt laat een operatie toe."""
    return f.surgery_fit.value


def no_chemosensitive_tumour_with_stable_spine(f: SpineFacts) -> Truth:
    """Bij een stabiele wervelkolom geen chemotherapiegevoelige tumor (bij instabiliteit vervuld)."""
    return any_of(f.spine_unstable.value, negate(f.chemosensitive_tumour.value))


def whole_spine_mri(f: SpineFacts) -> Truth:
    """Er is beeldvorming door middel van een MRI van de gehele wervelkolom."""
    return f.whole_spine_mri.value


def complete_lesion_allows_surgery(f: SpineFacts) -> Truth:
    """Geen complete dwarslaesie (ASIA A), of die bestaat korter dan 24 uur, of verbetert duidelijk na start corticosteroïden."""
    grade = f.asia_grade.value
    if grade is None:
        return True if f.neurological_deficit.value is False else None
    if grade != "asia-a":
        return True
    onset = f.complete_lesion_onset.value
    recent = None if onset is None else f.now - onset < timedelta(hours=24)
    return any_of(recent, f.improving_after_corticosteroids.value)


def contiguous_one_to_three_vertebrae(f: SpineFacts) -> Truth:
    """Aaneengesloten gebied van aantasting en/of obstructie van 1 tot maximaal 3 wervels, zonder uitgebreide epidurale uitbreiding elders."""
    return f.contiguous_1_to_3_vertebrae.value


def expert_surgery_within_24h_if_mescc_deficit(f: SpineFacts) -> Truth:
    """Bij (progressieve) uitval door MESMC: operatie door een chirurg met expertise binnen 24 uur mogelijk."""
    return any_of(negate(deficit_from_mescc(f)), f.expert_surgery_within_24h.value)


def site_below_volume_norm(f: SpineFacts) -> Truth:
    """Deze instelling verricht minder dan 10 wervelkolomoperaties per jaar bij wervelmetastasen."""
    volume = f.site_spine_operations_per_year.value
    return None if volume is None else volume < OPERATIONS_PER_YEAR_NORM


SURGERY_INDICATION = DecisionTable[SpineFacts](
    id="spine.surgery-indication",
    question_nl="Is chirurgie de behandeling van voorkeur?",
    question_en="Is surgery the preferred treatment?",
    rows=(
        Row(
            id="SM-T02a",
            when=unstable_spine,
            facts=("pain_from_metastases", "neurological_deficit", "spine_unstable"),
            advice_nl="Chirurgie is de behandeling van voorkeur bij instabiliteit van de wervelkolom, als aan alle voorwaarden (SM-S01–S07) is voldaan",
            advice_en="Surgery is the preferred treatment for spinal instability, if all conditions (SM-S01–S07) are met",
            indicator="warning",
            source=levensverwachting_lang(
                "chirurgie de behandeling van voorkeur is: bij instabiliteit van de wervelkolom en/of"
            ),
        ),
        Row(
            id="SM-T02b",
            when=recurrence_after_radiotherapy_without_adequate_dose,
            facts=("symptoms_returned_after_rt", "rt_adequate_dose_possible"),
            advice_nl="Chirurgie is de behandeling van voorkeur bij recidief of progressie na eerdere radiotherapie zonder mogelijkheid van een adequate of zinvolle dosis, als aan alle voorwaarden (SM-S01–S07) is voldaan",
            advice_en="Surgery is the preferred treatment for recurrence or progression after earlier radiotherapy when no adequate or meaningful dose is possible, if all conditions (SM-S01–S07) are met",
            indicator="warning",
            source=levensverwachting_lang(
                "als er sprake is van een recidief of progressie van pijn en/of neurologische uitval na eerdere radiotherapie met onmogelijkheid tot het geven van een adequate of zinvolle dosis radiotherapie, omdat de maximale tolerantiedosis van het myelum wordt overschreden, of omdat de verwachting is dat opnieuw bestralen niet tot een pijnrespons of tot een verbetering van de neurologische toestand zal leiden"
            ),
        ),
        Row(
            id="SM-T02c",
            when=deterioration_under_radiotherapy_and_steroids,
            facts=("deterioration_under_rt_and_steroids",),
            advice_nl="Chirurgie is de behandeling van voorkeur bij neurologische achteruitgang door progressieve MESMC onder radiotherapie en corticosteroïden, als aan alle voorwaarden (SM-S01–S07) is voldaan",
            advice_en="Surgery is the preferred treatment for neurological deterioration from progressive MESCC during radiotherapy and corticosteroids, if all conditions (SM-S01–S07) are met",
            indicator="warning",
            source=levensverwachting_lang(
                "bij neurologische achteruitgang ten gevolge van progressieve MESMC onder radiotherapie en behandeling met corticosteroiden."
            ),
        ),
    ),
)

SURGERY_CONDITIONS = DecisionTable[SpineFacts](
    id="spine.surgery-conditions",
    question_nl="Is aan de voorwaarden voor een chirurgische ingreep voldaan? (checklist: elke rij apart)",
    question_en="Are the conditions for surgery met? (checklist: each row on its own)",
    rows=(
        Row(
            id="SM-S01",
            when=life_expectancy_allows_surgery,
            facts=("life_expectancy_months", "combined_procedure"),
            advice_nl="Levensverwachting van minstens drie maanden (bij gecombineerde ingrepen zes maanden)",
            advice_en="Life expectancy of at least three months (six months for combined procedures)",
            indicator="info",
            source=levensverwachting_lang(
                "er is een levensverwachting van minstens drie maanden (bij gecombineerde ingrepen wordt zes maanden aangehouden)"
            ),
        ),
        Row(
            id="SM-S02",
            when=condition_permits_surgery,
            facts=("surgery_fit",),
            advice_nl="De klinische toestand van de patiënt laat een operatie toe",
            advice_en="The patient's clinical condition permits surgery",
            indicator="info",
            source=levensverwachting_lang(
                "de klinische toestand van de patiënt laat een operatie toe"
            ),
        ),
        Row(
            id="SM-S03",
            when=no_chemosensitive_tumour_with_stable_spine,
            facts=("spine_unstable", "chemosensitive_tumour"),
            advice_nl="Bij een stabiele wervelkolom geen chemotherapiegevoelige tumor (zoals een non-Hodgkinlymfoom van intermediaire of hoge maligniteitsgraad, kiemceltumor of multipel myeloom)",
            advice_en="With a stable spine, no chemotherapy-sensitive tumour (such as intermediate/high-grade non-Hodgkin lymphoma, germ cell tumour or multiple myeloma)",
            indicator="info",
            source=levensverwachting_lang(
                "er is, bij een stabiele wervelkolom, geen sprake van een chemotherapiegevoelige tumor (zoals bijvoorbeeld een non-Hodgkinlymfoom van intermediaire of hoge maligniteitsgraad, kiemceltumor, of multipel myeloom)"
            ),
        ),
        Row(
            id="SM-S04",
            when=whole_spine_mri,
            facts=("whole_spine_mri",),
            advice_nl="Er is een MRI van de gehele wervelkolom",
            advice_en="There is an MRI of the entire spine",
            indicator="info",
            source=levensverwachting_lang(
                "er is beeldvorming door middel van een MRI van de gehele wervelkolom"
            ),
        ),
        Row(
            id="SM-S05",
            when=complete_lesion_allows_surgery,
            facts=(
                "asia_grade",
                "complete_lesion_onset",
                "improving_after_corticosteroids",
                "neurological_deficit",
            ),
            advice_nl="Een complete dwarslaesie (ASIA A) bestaat korter dan 24 uur, of langer met een duidelijke tendens tot verbetering na start corticosteroïden",
            advice_en="A complete transverse lesion (ASIA A) has existed for less than 24 hours, or longer with a clear trend to improvement after starting corticosteroids",
            indicator="info",
            source=levensverwachting_lang(
                "als er sprake is van een complete dwarslaesie (complete uitval van sensibiliteit en kracht in het sacrale segment S4-S5 (=ASIA score A) bestaat deze korter dan 24 uur of bestaat deze langere tijd maar vertoont een duidelijke tendens tot klinische verbetering na het starten van corticosteroiden"
            ),
        ),
        Row(
            id="SM-S06",
            when=contiguous_one_to_three_vertebrae,
            facts=("contiguous_1_to_3_vertebrae",),
            advice_nl="Aaneengesloten gebied van 1 tot maximaal 3 wervels, zonder metastasen met uitgebreide epidurale uitbreiding elders in de wervelkolom",
            advice_en="A contiguous area of 1 to at most 3 vertebrae, without metastases with extensive epidural extension elsewhere in the spine",
            indicator="info",
            source=levensverwachting_lang(
                "er is een aaneengesloten gebied van aantasting en/of obstructie van 1 tot maximaal 3 wervels zonder metastasen met uitgebreide epidurale uitbreiding elders in de wervelkolom"
            ),
        ),
        Row(
            id="SM-S07",
            when=expert_surgery_within_24h_if_mescc_deficit,
            facts=(
                "neurological_deficit",
                "mescc_radiological",
                "mescc_clinical_suspicion",
                "expert_surgery_within_24h",
            ),
            advice_nl="Bij (progressieve) uitval door MESMC kan een chirurg met expertise binnen 24 uur opereren",
            advice_en="With (progressive) deficit from MESCC, a surgeon with expertise can operate within 24 hours",
            indicator="info",
            source=levensverwachting_lang(
                "bij (progressieve) neurologische uitval door MESMC bestaat de mogelijkheid om een operatie door een chirurg met expertise op dit gebied binnen 24 uur uit te voeren."
            ),
        ),
    ),
)

SURGERY_CENTRE = DecisionTable[SpineFacts](
    id="spine.surgery-centre",
    question_nl="Mag de wervelkolomoperatie in deze instelling plaatsvinden?",
    question_en="May the spine operation take place at this site?",
    rows=(
        Row(
            id="SM-ORG02",
            when=site_below_volume_norm,
            facts=("site_spine_operations_per_year",),
            advice_nl="Verwijs voor wervelkolomchirurgie naar een instelling die per jaar ten minste 10 wervelkolomoperaties bij patiënten met wervelmetastasen verricht",
            advice_en="Refer for spine surgery to a site that performs at least 10 spine operations per year for patients with spinal metastases",
            indicator="warning",
            source=maximale_tijd(
                "wervelkolomchirurgie bij patiënten met wervelmetastasen alleen moet worden uitgevoerd in een zorginstelling die per jaar tenminste 10 wervelkolomoperaties verricht bij patiënten met wervelmetastasen."
            ),
        ),
    ),
)

EN_BLOC_NL = (
    "Geen routinematige en-bloc-resectie: die is niet met voldoende hoog bewijsniveau superieur "
    "aan piece-meal verwijdering (SM-T05)."
)
EN_BLOC_EN = (
    "No routine en bloc resection: it has not been shown with a sufficiently high level of "
    "evidence to be superior to piecemeal removal (SM-T05)."
)
EN_BLOC_SOURCE = levensverwachting_lang(
    "De werkgroep beveelt op dit moment niet aan om bij iedere symptomatische wervelmetastase een en bloc resectie uit te voeren"
)


def surgery_indication(f: SpineFacts) -> Truth:
    """One of the three indications (SM-T02a–c) holds."""
    return any_of(*(row.when(f) for row in SURGERY_INDICATION.rows))


def surgery_conditions_met(f: SpineFacts) -> Truth:
    """All seven conditions (SM-S01–S07) hold."""
    return all_of(*(row.when(f) for row in SURGERY_CONDITIONS.rows))


def surgery_indicated(f: SpineFacts) -> Truth:
    """An indication for surgery and every condition for surgery."""
    return all_of(surgery_indication(f), surgery_conditions_met(f))
