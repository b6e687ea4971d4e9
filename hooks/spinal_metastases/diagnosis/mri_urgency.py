"""Binnen welke termijn moet de MRI gemaakt worden? (SM-MRI-*, clinical model §1.1.1)

Richtlijn Wervelmetastasen, beslisboom IKNL/Pallialine, "Diagnostiek bij klinische verdenking
wervelmetastasen". Rows run from the most urgent window down, so the first that holds is the
shortest applicable window, as the clinical model resolves overlapping rules.
"""

from __future__ import annotations

from datetime import timedelta

from hooks.rules import DecisionTable, Row, Truth, all_of, any_of, negate
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.sources import diagnostiek

WINDOWS: dict[str, timedelta] = {
    "SM-MRI-12h": timedelta(hours=12),
    "SM-MRI-24h": timedelta(hours=24),
    "SM-MRI-48h": timedelta(hours=48),
    "SM-MRI-1w": timedelta(days=7),
    "SM-MRI-2w": timedelta(days=14),
}


def _is(value: str | None, wanted: str) -> Truth:
    return None if value is None else value == wanted


def mescc_lhermitte_or_bilateral(f: SpineFacts) -> Truth:
    """Klinische verdenking op MESMC, symptoom van Lhermitte (met nekpijn of zonder andere oorzaak) of bilaterale radiculaire pijn en/of uitval."""
    return any_of(
        f.mescc_clinical_suspicion.value,
        f.lhermitte_sign.value,
        _is(f.radicular_pain.value, "bilateral"),
        _is(f.radicular_deficit.value, "bilateral"),
    )


def recent_progressive_unilateral_deficit(f: SpineFacts) -> Truth:
    """Eenzijdige radiculaire uitval, binnen 7 dagen ontstaan en progressief."""
    return all_of(
        _is(f.radicular_deficit.value, "unilateral"),
        f.deficit_onset_within_7_days,
        f.deficit_progressive.value,
    )


def slow_progressive_unilateral_deficit(f: SpineFacts) -> Truth:
    """Eenzijdige radiculaire uitval, over meer dan 7 dagen ontstaan en progressief."""
    return all_of(
        _is(f.radicular_deficit.value, "unilateral"),
        negate(f.deficit_onset_within_7_days),
        f.deficit_progressive.value,
    )


def unilateral_radicular_pain(f: SpineFacts) -> Truth:
    """Eenzijdige radiculaire pijn."""
    return _is(f.radicular_pain.value, "unilateral")


def only_local_back_pain(f: SpineFacts) -> Truth:
    """Alleen lokale rugpijn."""
    return f.local_back_pain_only.value


def complete_lesion_over_48h_at_presentation(f: SpineFacts) -> Truth:
    """Complete dwarslaesie (ASIA A) die bij eerste presentatie reeds langer dan 48 uur bestaat."""
    grade, onset, presented = (
        f.asia_grade.value,
        f.complete_lesion_onset.value,
        f.asia_assessed_at.value,
    )
    if grade is not None and grade != "asia-a":
        return False
    if grade is None or onset is None or presented is None:
        return None
    return presented - onset > timedelta(hours=48)


MRI_URGENCY = DecisionTable[SpineFacts](
    id="spine.mri-urgency",
    question_nl="Binnen welke termijn moet de MRI gemaakt worden?",
    question_en="Within which window must the MRI be made?",
    rows=(
        Row(
            id="SM-MRI-12h",
            when=mescc_lhermitte_or_bilateral,
            facts=(
                "mescc_clinical_suspicion",
                "lhermitte_sign",
                "radicular_pain",
                "radicular_deficit",
            ),
            advice_nl="MRI zo spoedig mogelijk, maar in elk geval binnen 12 uur, zodat behandeling bij aangetoonde MESMC ruim binnen 24 uur kan starten",
            advice_en="MRI as soon as possible, at the latest within 12 hours, so that treatment of proven MESCC can start well within 24 hours",
            indicator="critical",
            source=diagnostiek(
                "zo spoedig mogelijk, maar in elk geval binnen 12 uur, bij klinische verdenking op MESMC of het symptoom van Lhermitte (met pijn in de nek of geen andere oorzakelijke factor …) of bij bilaterale radiculaire pijn en/of uitval …, zodat de behandeling bij aangetoonde MESMC ruim binnen 24 uur aan kan vangen."
            ),
        ),
        Row(
            id="SM-MRI-24h",
            when=recent_progressive_unilateral_deficit,
            facts=("radicular_deficit", "deficit_onset", "deficit_progressive"),
            advice_nl="MRI binnen 24 uur",
            advice_en="MRI within 24 hours",
            indicator="critical",
            source=diagnostiek(
                "binnen 24 uur bij eenzijdige radiculaire uitval die binnen 7 dagen ontstaan en progressief is."
            ),
        ),
        Row(
            id="SM-MRI-48h",
            when=slow_progressive_unilateral_deficit,
            facts=("radicular_deficit", "deficit_onset", "deficit_progressive"),
            advice_nl="MRI binnen 48 uur",
            advice_en="MRI within 48 hours",
            indicator="warning",
            source=diagnostiek(
                "binnen 48 uur bij eenzijdige radiculaire uitval die over meer dan 7 dagen ontstaan en progressief is."
            ),
        ),
        Row(
            id="SM-MRI-1w",
            when=unilateral_radicular_pain,
            facts=("radicular_pain",),
            advice_nl="MRI binnen 1 week",
            advice_en="MRI within 1 week",
            indicator="warning",
            source=diagnostiek("binnen 1 week bij eenzijdige radiculaire pijn."),
        ),
        Row(
            id="SM-MRI-2w",
            when=only_local_back_pain,
            facts=("local_back_pain_only",),
            advice_nl="MRI binnen 2 weken",
            advice_en="MRI within 2 weeks",
            indicator="info",
            source=diagnostiek("binnen 2 weken bij alleen lokale rugpijn."),
        ),
    ),
)

MRI_EXCEPTION = DecisionTable[SpineFacts](
    id="spine.mri-exception",
    question_nl="Is er nog reden voor spoeddiagnostiek?",
    question_en="Is there still a reason for emergency diagnostics?",
    rows=(
        Row(
            id="SM-MRI-ASIA-A",
            when=complete_lesion_over_48h_at_presentation,
            facts=("asia_grade", "complete_lesion_onset", "asia_assessed_at"),
            advice_nl="Geen reden meer voor spoeddiagnostiek: de complete dwarslaesie (ASIA A) bestond bij eerste presentatie al langer dan 48 uur",
            advice_en="No longer a reason for emergency diagnostics: the complete transverse lesion (ASIA A) had existed for more than 48 hours at first presentation",
            indicator="info",
            source=diagnostiek(
                "er geen reden meer is voor spoeddiagnostiek, indien een complete dwarslaesie (complete uitval van sensibiliteit en kracht in het sacrale segment S4-5S5 (=ASIA score A; bij eerste presentatie, reeds langer dan 48 uur bestaat."
            ),
        ),
    ),
)

PROTOCOL_NL = (
    "Minimaal T1- en T2-gewogen sagittale opnamen van de gehele wervelkolom en T1- en/of "
    "T2-gewogen axiale opnamen door het klinisch aangedane niveau en/of de wervels met epidurale "
    "uitbreiding op de sagittale reeks (SM-MRI-P)."
)
PROTOCOL_EN = (
    "At least T1- and T2-weighted sagittal images of the entire spine and T1- and/or T2-weighted "
    "axial images through the clinically affected level and/or the vertebrae with epidural "
    "extension on the sagittal series (SM-MRI-P)."
)
PROTOCOL_SOURCE = diagnostiek(
    "minimaal moet bestaan uit zowel T1- als T2-gewogen sagittale opnamen van de gehele wervelkolom en T1- en/of T2-gewogen axiale opnamen door het klinisch aangedane niveau en/of de wervels met epidurale uitbreiding op de sagittale reeks."
)
INSTRUCTION_NL = (
    "Instrueer de patiënt altijd om contact op te nemen met de regievoerend specialist bij "
    "verergering en/of verandering van de klachten (SM-D03)."
)
INSTRUCTION_EN = (
    "Always instruct the patient to contact the coordinating specialist if symptoms worsen or "
    "change (SM-D03)."
)
