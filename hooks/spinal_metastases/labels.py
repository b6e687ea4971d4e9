"""How each SpineFacts field reads on a card (the glossary: Dutch term → identifier)."""

from __future__ import annotations

from hooks.cards import FactLabel

LABELS: dict[str, FactLabel] = {
    "known_primary": FactLabel("bekende primaire tumor", "known primary tumour"),
    "spinal_metastasis_suspected": FactLabel(
        "(verdenking op) wervelmetastasen", "(suspected) spinal metastases"
    ),
    "mescc_clinical_suspicion": FactLabel(
        "klinische verdenking op MESMC", "clinical suspicion of MESCC"
    ),
    "mescc_radiological": FactLabel("MESMC radiologisch aangetoond", "MESCC shown on imaging"),
    "mescc_symptomatic": FactLabel(
        "symptomatische MESMC of wortelcompressie", "symptomatic MESCC or root compression"
    ),
    "lhermitte_sign": FactLabel(
        "symptoom van Lhermitte (met nekpijn of zonder andere oorzaak)",
        "Lhermitte's sign (with neck pain or no other cause)",
    ),
    "local_back_pain_only": FactLabel("alleen lokale rugpijn", "local back pain only"),
    "radicular_pain": FactLabel("radiculaire pijn", "radicular pain"),
    "radicular_deficit": FactLabel("radiculaire uitval", "radicular deficit"),
    "deficit_onset": FactLabel("begin van de uitval", "onset of the deficit"),
    "deficit_progressive": FactLabel("uitval progressief", "deficit progressive"),
    "asia_grade": FactLabel(
        "ASIA-score bij eerste presentatie", "ASIA grade at first presentation"
    ),
    "asia_assessed_at": FactLabel(
        "moment eerste presentatie (ASIA-beoordeling)",
        "time of first presentation (ASIA assessment)",
    ),
    "complete_lesion_onset": FactLabel(
        "begin complete dwarslaesie", "onset of complete transverse lesion"
    ),
    "haematological_malignancy_suspected": FactLabel(
        "verdenking hematologische maligniteit", "suspected haematological malignancy"
    ),
    "tissue_diagnosis_obtained": FactLabel(
        "weefseldiagnose (biopt) verkregen", "tissue diagnosis (biopsy) obtained"
    ),
    "surgery_or_radiotherapy_planned": FactLabel(
        "operatie en/of radiotherapie gepland", "surgery and/or radiotherapy planned"
    ),
    "gastric_ulcer_history": FactLabel(
        "maagulcus in de voorgeschiedenis", "history of gastric ulcer"
    ),
    "nsaid_use": FactLabel("gebruik van NSAID's", "NSAID use"),
    "anticoagulant_use": FactLabel("gebruik van anticoagulantia", "anticoagulant use"),
    "platelet_inhibitor_use": FactLabel(
        "gebruik van trombocytenaggregatieremmers", "platelet inhibitor use"
    ),
    "ppi_active": FactLabel("protonpompremmer actief", "proton-pump inhibitor active"),
}

LABELS.update(
    {
        "spinal_metastasis_radiological": FactLabel(
            "radiologische verdenking op wervelmetastasen",
            "radiological suspicion of spinal metastases",
        ),
        "surgical_candidate": FactLabel(
            "komt eventueel in aanmerking voor operatie", "may be eligible for surgery"
        ),
        "pain_flare_after_radiotherapy": FactLabel(
            "'pain flare' kort na radiotherapie", "pain flare shortly after radiotherapy"
        ),
        "radiotherapy_completed": FactLabel("radiotherapie afgerond", "radiotherapy completed"),
        "mri_spine_found": FactLabel("MRI wervelkolom in het dossier", "spine MRI in the record"),
        "recent_ct_thorax_abdomen": FactLabel(
            "recente (PET-)CT thorax/abdomen", "recent (PET-)CT thorax/abdomen"
        ),
        "corticosteroid_active": FactLabel("corticosteroïd actief", "corticosteroid active"),
    }
)
