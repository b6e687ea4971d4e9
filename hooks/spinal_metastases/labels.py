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
        "mri_spine_found": FactLabel(
            "recente MRI of vastgestelde wervelmetastase in het dossier",
            "recent spine MRI or confirmed spinal metastasis in the record",
        ),
        "recent_ct_thorax_abdomen": FactLabel(
            "recente (PET-)CT thorax/abdomen", "recent (PET-)CT thorax/abdomen"
        ),
        "corticosteroid_active": FactLabel("corticosteroïd actief", "corticosteroid active"),
    }
)

# --- part 2: treatment indication, radiotherapy, surgery, time to therapy, follow-up ---
LABELS.update(
    {
        "spinal_metastasis_proven": FactLabel(
            "aangetoonde wervelmetastasen (definitieve diagnose)",
            "proven spinal metastases (definitive diagnosis)",
        ),
        "definitive_diagnosis_at": FactLabel(
            "moment van de definitieve diagnose", "time of the definitive diagnosis"
        ),
        "pain_from_metastases": FactLabel(
            "pijn door de wervelmetastasen", "pain from the spinal metastases"
        ),
        "neurological_deficit": FactLabel("neurologische uitval", "neurological deficit"),
        "able_to_walk": FactLabel("kan nog zelfstandig lopen", "can still walk independently"),
        "life_expectancy_months": FactLabel(
            "levensverwachting (maanden)", "life expectancy (months)"
        ),
        "general_condition": FactLabel(
            "conditie (goed of matig)", "general condition (good or moderate)"
        ),
        "performance_score": FactLabel(
            "performance-score (ECOG/WHO of Karnofsky)", "performance score (ECOG/WHO or Karnofsky)"
        ),
        "oligometastatic": FactLabel("solitaire of oligometastasen", "solitary or oligometastases"),
        "spine_unstable": FactLabel("instabiele wervelkolom", "unstable spine"),
        "rt_adequate_dose_possible": FactLabel(
            "adequate en zinvolle dosis radiotherapie mogelijk",
            "adequate and meaningful radiotherapy dose possible",
        ),
        "symptoms_returned_after_rt": FactLabel(
            "pijn of uitval terug na eerdere bestraling (of onvoldoende respons)",
            "pain or deficit returned after earlier irradiation (or insufficient response)",
        ),
        "earlier_radiotherapy": FactLabel(
            "eerdere bestraling van de wervelkolom (afgerond, elke episode)",
            "earlier irradiation of the spine (completed, any episode)",
        ),
        "deterioration_under_rt_and_steroids": FactLabel(
            "achteruitgang door progressieve MESMC onder radiotherapie en corticosteroïden",
            "deterioration from progressive MESCC during radiotherapy and corticosteroids",
        ),
        "chemosensitive_tumour": FactLabel(
            "chemotherapiegevoelige tumor", "chemotherapy-sensitive tumour"
        ),
        "systemic_sensitive_tumour": FactLabel(
            "potentieel gevoelig voor chemo- of antihormonale therapie",
            "potentially sensitive to chemotherapy or antihormonal therapy",
        ),
        "rapid_chemo_effect_expected": FactLabel(
            "grote kans op snel effect van chemotherapie",
            "rapid effect of chemotherapy highly likely",
        ),
        "vital_chemo_indication": FactLabel(
            "vitale indicatie voor chemotherapie", "vital indication for chemotherapy"
        ),
        "surgery_fit": FactLabel(
            "klinische toestand laat operatie toe", "clinical condition permits surgery"
        ),
        "combined_procedure": FactLabel("gecombineerde ingreep", "combined procedure"),
        "whole_spine_mri": FactLabel("MRI van de gehele wervelkolom", "MRI of the entire spine"),
        "improving_after_corticosteroids": FactLabel(
            "duidelijke verbetering na start corticosteroïden",
            "clear improvement after starting corticosteroids",
        ),
        "contiguous_1_to_3_vertebrae": FactLabel(
            "aaneengesloten 1–3 wervels, geen uitgebreide epidurale uitbreiding elders",
            "contiguous 1–3 vertebrae, no extensive epidural extension elsewhere",
        ),
        "expert_surgery_within_24h": FactLabel(
            "operatie door chirurg met expertise binnen 24 uur mogelijk",
            "surgery by an expert surgeon possible within 24 hours",
        ),
        "site_spine_operations_per_year": FactLabel(
            "wervelkolomoperaties per jaar bij wervelmetastasen (deze instelling)",
            "spine operations per year for spinal metastases (this site)",
        ),
        "deficit_expected_short_term": FactLabel(
            "uitval op korte termijn te verwachten", "deficit expected in the short term"
        ),
        "systemic_therapy_active": FactLabel(
            "systeemtherapie actief (ATC L01/L02)", "systemic therapy active (ATC L01/L02)"
        ),
        "systemic_response_expected": FactLabel(
            "respons op de MESMC door systeemtherapie te verwachten",
            "response of the MESCC to systemic therapy expected",
        ),
        "spine_surgery_date": FactLabel("datum wervelkolomoperatie", "date of spine surgery"),
        "post_operative": FactLabel(
            "geopereerd aan de wervelmetastase(n)", "operated on for the spinal metastasis"
        ),
        "postoperative_recovery_insufficient": FactLabel(
            "postoperatief onvoldoende neurologisch herstel of achteruitgang",
            "insufficient neurological recovery or deterioration after surgery",
        ),
        "radiotherapy_in_progress": FactLabel("radiotherapie loopt", "radiotherapy in progress"),
        "last_treatment_at": FactLabel(
            "laatste start van radiotherapie of operatie",
            "latest start of radiotherapy or surgery",
        ),
        "leaflet_given": FactLabel(
            "patiënteninformatiefolder gegeven", "patient information leaflet given"
        ),
        "gp_informed": FactLabel("huisarts op de hoogte", "GP informed"),
        "coordinating_physician_known": FactLabel(
            "regievoerend arts duidelijk", "coordinating physician clear"
        ),
    }
)
