"""Aanvullende diagnostiek: MRI-indicatie en onbekende primaire tumor (SM-D02, SM-DX01–05; clinical model §1.1.1–1.1.2).

Richtlijn Wervelmetastasen, beslisboom IKNL/Pallialine, "Diagnostiek bij klinische verdenking
wervelmetastasen" and "Aanvullende diagnostiek na beeldvorming". Each table is one question;
several tables can apply to one patient (staging CT and biopsy both apply at unknown origin).
"""

from __future__ import annotations

from datetime import timedelta

from hooks.rules import DecisionTable, Row, Truth, all_of, any_of, negate
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.sources import aanvullende_diagnostiek, diagnostiek

BIOPSY_WINDOWS = {"SM-DX04": timedelta(days=1), "SM-DX03": timedelta(days=7)}


def unknown_origin(f: SpineFacts) -> Truth:
    """Klinische en radiologische verdenking op wervelmetastasen van onbekende origine."""
    return all_of(
        negate(f.known_primary.value),
        f.spinal_metastasis_suspected.value,
        f.spinal_metastasis_radiological.value,
    )


def mescc_clinical_or_radiological(f: SpineFacts) -> Truth:
    """Klinisch en/of radiologisch MESMC."""
    return any_of(f.mescc_clinical_suspicion.value, f.mescc_radiological.value)


def known_primary_with_suspicion_without_imaging(f: SpineFacts) -> Truth:
    """Bekende primaire maligniteit en klinische verdenking op wervelmetastasen, zonder beeldvorming waarop de wervelmetastasen adequaat zijn afgebeeld (geen recente MRI of recent vastgestelde wervelmetastase)."""
    return all_of(
        f.known_primary.value, f.spinal_metastasis_suspected.value, negate(f.mri_spine_found.value)
    )


def surgical_candidate_without_recent_ct(f: SpineFacts) -> Truth:
    """Patiënt komt eventueel in aanmerking voor een operatie en er is geen recente (PET-)CT thorax/abdomen."""
    return all_of(f.surgical_candidate.value, negate(f.recent_ct_thorax_abdomen.value))


def unknown_origin_mapping_needed(f: SpineFacts) -> Truth:
    """Onbekende origine: ziekte in kaart brengen."""
    return unknown_origin(f)


def unknown_origin_with_mescc(f: SpineFacts) -> Truth:
    """Onbekende origine en klinisch en/of radiologisch MESMC."""
    return all_of(
        unknown_origin(f),
        negate(f.tissue_diagnosis_obtained.value),
        mescc_clinical_or_radiological(f),
    )


def unknown_origin_without_mescc(f: SpineFacts) -> Truth:
    """Onbekende origine en klinisch en radiologisch geen MESMC."""
    return all_of(
        unknown_origin(f),
        negate(f.tissue_diagnosis_obtained.value),
        negate(mescc_clinical_or_radiological(f)),
    )


def progressive_deficit_despite_corticosteroids(f: SpineFacts) -> Truth:
    """Onbekende origine, progressieve uitval ondanks corticosteroïden, en patiënt komt in aanmerking voor operatie."""
    return all_of(
        unknown_origin(f),
        f.deficit_progressive.value,
        f.corticosteroid_active.value,
        f.surgical_candidate.value,
    )


MRI_INDICATION = DecisionTable[SpineFacts](
    id="spine.mri-indication",
    question_nl="Moet er een MRI-scan gemaakt worden?",
    question_en="Must an MRI scan be made?",
    rows=(
        Row(
            id="SM-D02",
            when=known_primary_with_suspicion_without_imaging,
            facts=("known_primary", "spinal_metastasis_suspected", "mri_spine_found"),
            advice_nl="Maak een MRI-scan van de wervelkolom, tenzij er al beeldvorming is waarop de wervelmetastasen adequaat zijn afgebeeld",
            advice_en="Make an MRI of the spine, unless existing imaging already shows the spinal metastases adequately",
            indicator="warning",
            source=diagnostiek(
                "Er dient een MRI-scan gemaakt te worden bij patiënten met een bekende primaire maligniteit en een klinische verdenking op wervelmetastasen, tenzij er al beeldvorming aanwezig is waarop de wervelmetastasen adequaat zijn afgebeeld."
            ),
        ),
    ),
)

SURGICAL_WORKUP = DecisionTable[SpineFacts](
    id="spine.surgical-workup",
    question_nl="Is een recente (PET-)CT thorax/abdomen nodig?",
    question_en="Is a recent (PET-)CT of thorax/abdomen needed?",
    rows=(
        Row(
            id="SM-DX01",
            when=surgical_candidate_without_recent_ct,
            facts=("surgical_candidate", "recent_ct_thorax_abdomen"),
            advice_nl="Een recente (PET-)CT thorax/abdomen is noodzakelijk; maak die, en maak dan ook direct een multi-slice volumescan door de aangedane wervel(s) +/- 2",
            advice_en="A recent (PET-)CT of thorax/abdomen is required; make one, and then also a multi-slice volume scan through the affected vertebra(e) +/- 2",
            indicator="warning",
            source=aanvullende_diagnostiek(
                "een recente (PET)-CT-thorax/abdomen noodzakelijk is indien patiënt eventueel in aanmerking komt voor een operatieve ingreep. Indien er geen recente (PET)-CT-thorax/abdomen is, dan zal deze nog gemaakt moeten worden. Maak in dat geval ook direct een multi-slice volume scan door de aangedane wervel(s) +/- 2."
            ),
        ),
    ),
)

STAGING = DecisionTable[SpineFacts](
    id="spine.unknown-primary-staging",
    question_nl="Moet de ziekte met spoed in kaart gebracht worden?",
    question_en="Must the disease be mapped urgently?",
    rows=(
        Row(
            id="SM-DX02",
            when=unknown_origin_mapping_needed,
            facts=(
                "known_primary",
                "spinal_metastasis_suspected",
                "spinal_metastasis_radiological",
            ),
            advice_nl="Maak met spoed een CT- of PET-CT van thorax, abdomen en bekken om de ziekte in kaart te brengen en eventueel een voor biopsie beter toegankelijke laesie te selecteren",
            advice_en="Urgently make a CT or PET-CT of thorax, abdomen and pelvis to map the disease and possibly select a lesion that is easier to biopsy",
            indicator="warning",
            source=aanvullende_diagnostiek(
                "met spoed een CT- of PET-CT van thorax, abdomen en bekken te maken om de ziekte in kaart te brengen en eventueel een voor biopsie beter toegankelijke laesie te selecteren."
            ),
        ),
    ),
)

BIOPSY_TIMING = DecisionTable[SpineFacts](
    id="spine.biopsy-timing",
    question_nl="Binnen welke termijn moet weefsel verkregen worden?",
    question_en="Within which window must tissue be obtained?",
    rows=(
        Row(
            id="SM-DX04",
            when=unknown_origin_with_mescc,
            facts=(
                "known_primary",
                "spinal_metastasis_radiological",
                "tissue_diagnosis_obtained",
                "mescc_clinical_suspicion",
                "mescc_radiological",
            ),
            advice_nl="Verkrijg weefsel voor histologisch (en eventueel microbiologisch) onderzoek vóór de start van de behandeling, binnen 1 dag na de waarschijnlijkheidsdiagnose",
            advice_en="Obtain tissue for histology (and possibly microbiology) before treatment starts, within 1 day of the probable diagnosis",
            indicator="critical",
            source=aanvullende_diagnostiek(
                "binnen 1 dag na het stellen van de waarschijnlijkheidsdiagnose wervelmetastasen indien er klinisch en/of radiologisch MESMC bestaat."
            ),
        ),
        Row(
            id="SM-DX03",
            when=unknown_origin_without_mescc,
            facts=(
                "known_primary",
                "spinal_metastasis_radiological",
                "tissue_diagnosis_obtained",
                "mescc_clinical_suspicion",
                "mescc_radiological",
            ),
            advice_nl="Verkrijg weefsel voor histologisch (en eventueel microbiologisch) onderzoek vóór de start van de behandeling, binnen 1 week na de waarschijnlijkheidsdiagnose",
            advice_en="Obtain tissue for histology (and possibly microbiology) before treatment starts, within 1 week of the probable diagnosis",
            indicator="warning",
            source=aanvullende_diagnostiek(
                "nog voordat de behandeling start weefsel voor histologisch (en eventueel microbiologisch) onderzoek te verkrijgen: binnen 1 week na het stellen van de waarschijnlijkheidsdiagnose wervelmetastasen indien er klinisch en radiologisch geen MESMC bestaat."
            ),
        ),
    ),
)

DECOMPRESSION = DecisionTable[SpineFacts](
    id="spine.decompression",
    question_nl="Moet een decomprimerende operatie overwogen worden?",
    question_en="Should decompressive surgery be considered?",
    rows=(
        Row(
            id="SM-DX05",
            when=progressive_deficit_despite_corticosteroids,
            facts=(
                "known_primary",
                "spinal_metastasis_radiological",
                "deficit_progressive",
                "corticosteroid_active",
                "surgical_candidate",
            ),
            advice_nl="Overweeg direct een decomprimerende operatie",
            advice_en="Consider immediate decompressive surgery",
            indicator="critical",
            source=aanvullende_diagnostiek(
                "direct een decomprimerende operatie te overwegen, indien patiënt progressief uitval heeft ondanks corticosteroiden en daarvoor in aanmerking komt"
            ),
        ),
    ),
)
