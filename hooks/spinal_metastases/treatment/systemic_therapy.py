"""Chemotherapie en antihormonale therapie (SM-CH01–02; clinical model §1.1.6).

Richtlijn Wervelmetastasen, beslisboom IKNL/Pallialine, "Indicatie behandeling wervelmetastasen —
Behandeling bij levensverwachting > 3md": both rules belong to the branch of a life expectancy
of three months or more. Which tumours are potentially sensitive to antihormonal therapy the
guideline does not say: an explicit answer, a named chemotherapy-sensitive tumour, or the
local-policy list `CDS_SPINE_HORMONE_SENSITIVE_PRIMARIES`.
"""

from __future__ import annotations

from hooks.rules import DecisionTable, Row, Truth, all_of, any_of, negate
from hooks.spinal_metastases.reading.case_features import (
    deficit_from_mescc,
    life_expectancy_at_least,
)
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.sources import levensverwachting_lang
from hooks.spinal_metastases.treatment.surgery import surgery_indicated


def no_radiotherapy_or_surgery_options(f: SpineFacts) -> Truth:
    """Geen mogelijkheden (meer) voor radiotherapie en chirurgie."""
    return all_of(negate(f.rt_adequate_dose_possible.value), negate(surgery_indicated(f)))


def systemic_therapy_first_choice_for_mescc_deficit(f: SpineFacts) -> Truth:
    """Levensverwachting ≥ 3 maanden, uitval door MESMC bij een potentieel gevoelige tumor, en een grote kans op snel effect, een vitale indicatie, of geen mogelijkheden (meer) voor radiotherapie en chirurgie."""
    return all_of(
        life_expectancy_at_least(f, 3),
        deficit_from_mescc(f),
        f.systemic_sensitive_tumour.value,
        any_of(
            f.rapid_chemo_effect_expected.value,
            f.vital_chemo_indication.value,
            no_radiotherapy_or_surgery_options(f),
        ),
    )


def systemic_therapy_for_pain(f: SpineFacts) -> Truth:
    """Levensverwachting ≥ 3 maanden, pijn door wervelmetastasen bij een potentieel gevoelige tumor."""
    return all_of(
        life_expectancy_at_least(f, 3),
        f.pain_from_metastases.value,
        f.systemic_sensitive_tumour.value,
    )


SYSTEMIC_THERAPY = DecisionTable[SpineFacts](
    id="spine.systemic-therapy",
    question_nl="Kunnen chemotherapie of antihormonale therapie worden toegepast?",
    question_en="May chemotherapy or antihormonal therapy be applied?",
    rows=(
        Row(
            id="SM-CH02",
            when=systemic_therapy_first_choice_for_mescc_deficit,
            facts=(
                "life_expectancy_months",
                "neurological_deficit",
                "mescc_radiological",
                "mescc_clinical_suspicion",
                "systemic_sensitive_tumour",
                "rapid_chemo_effect_expected",
                "vital_chemo_indication",
                "rt_adequate_dose_possible",
            ),
            advice_nl="Chemotherapie of antihormonale therapie kan als eerste keuze worden toegepast bij de uitval door MESMC",
            advice_en="Chemotherapy or antihormonal therapy may be applied as first choice for the deficit from MESCC",
            indicator="warning",
            source=levensverwachting_lang(
                "chemotherapie en antihormonale therapie als eerste keuze kunnen worden toegepast bij potentieel hiervoor gevoelige tumoren als er: een grote kans is op een snel effect van chemotherapie (vooral bij multipel myeloom, non-Hodgkin lymfomen van hoge of intermediaire maligniteitsgraad en gemetastaseerde kiemceltumoren), en/of anderszins een vitale indicatie is voor chemotherapie en deze niet kan worden uitgesteld, en/of geen mogelijkheden (meer) zijn voor radiotherapie en chirurgie."
            ),
        ),
        Row(
            id="SM-CH01",
            when=systemic_therapy_for_pain,
            facts=("life_expectancy_months", "pain_from_metastases", "systemic_sensitive_tumour"),
            advice_nl="Chemotherapie en antihormonale therapie kunnen worden toegepast om de pijn door de wervelmetastasen te verminderen en de kwaliteit van leven te verbeteren",
            advice_en="Chemotherapy and antihormonal therapy may be applied to reduce the pain from the spinal metastases and improve quality of life",
            indicator="info",
            source=levensverwachting_lang(
                "chemotherapie en antihormonale therapie kunnen worden toegepast bij patiënten met potentieel hiervoor gevoelige tumoren, met als doel om pijn ten gevolge van wervelmetastasen te verminderen en kwaliteit van leven te verbeteren."
            ),
        ),
    ),
)


def chemotherapy_indicated(f: SpineFacts) -> Truth:
    """An indication for chemotherapy in the sense of SM-T01: chemotherapy as first choice (SM-CH02)."""
    return systemic_therapy_first_choice_for_mescc_deficit(f)
