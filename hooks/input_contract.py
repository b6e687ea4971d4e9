"""The input contract: facts the guidelines need that have no standard code (clinical model §4).

A local FHIR `CodeSystem` names them, a `Questionnaire` asks exactly these facts (SDC
observation extraction: each answer becomes an `Observation` with the item's code), and the
facts layers read those Observations back. Standard codes are read where they exist; this
contract covers only the gaps. The canonical base URL is the product's own, the same in every
deployment (`service.settings.PRODUCT_CANONICAL_BASE`; the setting `CDS_CANONICAL_BASE_URL`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from hooks.codes import SNOMED
from service.settings import LEGACY_CANONICAL_BASE, PRODUCT_CANONICAL_BASE

CODE_SYSTEM_ID = "metastasis-cds-input"
QUESTIONNAIRE_ID = "spinal-metastases-intake"
RULES_CODE_SYSTEM_ID = "metastasis-cds-rules"
AnswerType = Literal["boolean", "choice", "dateTime", "integer", "quantity"]
# How long an answer stays usable: neurological status changes within hours, clinical
# assessments (life expectancy, fitness for surgery) within weeks, and a past event (the date
# of an operation) does not change. The limits are local-policy settings of each guideline.
Lifetime = Literal["neuro", "assessment", "event"]


@dataclass(frozen=True)
class Answer:
    system: str | None  # None = our own CodeSystem
    code: str
    display_nl: str
    display_en: str


@dataclass(frozen=True)
class InputFact:
    code: str
    fact_ids: str  # the clinical model's F-numbers
    question_nl: str
    question_en: str
    answer_type: AnswerType
    element: str  # where the value goes in the Observation
    example: str
    answers: tuple[Answer, ...] = ()
    unit: str | None = None
    lifetime: Lifetime = "neuro"


_LATERALITY = (
    Answer(None, "absent", "afwezig", "absent"),
    Answer(SNOMED, "7771000", "links", "left"),
    Answer(SNOMED, "24028007", "rechts", "right"),
    Answer(SNOMED, "51440002", "beiderzijds", "right and left"),
    # One side, the side not recorded: what a clinician asserts by picking "eenzijdig" on a
    # card's question (no standard code says "one side, unspecified").
    Answer(None, "unilateral", "eenzijdig (zijde niet vastgelegd)", "one side (side not recorded)"),
)
_ASIA = tuple(
    Answer(None, f"asia-{g.lower()}", f"ASIA {g}", f"ASIA {g}") for g in ("A", "B", "C", "D", "E")
)

FACTS: tuple[InputFact, ...] = (
    InputFact(
        "spinal-metastasis-suspected",
        "F03",
        "Is er een klinische verdenking op wervelmetastasen?",
        "Is there a clinical suspicion of spinal metastases?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": true',
    ),
    InputFact(
        "primary-tumour-known",
        "F01/F02",
        "Is de primaire tumor bekend?",
        "Is the primary tumour known?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": false',
    ),
    InputFact(
        "local-back-pain-only",
        "F10",
        "Heeft de patiënt alleen lokale rugpijn (geen radiculaire pijn of uitval)?",
        "Does the patient have local back pain only (no radicular pain or deficit)?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": true',
    ),
    InputFact(
        "radicular-pain",
        "F17/F19",
        "Radiculaire pijn: afwezig, links, rechts of beiderzijds?",
        "Radicular pain: absent, left, right or both sides?",
        "choice",
        "valueCodeableConcept",
        '"valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "7771000"}]}',
        _LATERALITY,
    ),
    InputFact(
        "radicular-deficit",
        "F18/F19",
        "Radiculaire uitval (motoriek/sensibiliteit): afwezig, links, rechts of beiderzijds?",
        "Radicular deficit (motor/sensory): absent, left, right or both sides?",
        "choice",
        "valueCodeableConcept",
        '"valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "24028007"}]}',
        _LATERALITY,
    ),
    InputFact(
        "deficit-onset",
        "F20",
        "Wanneer is de uitval ontstaan?",
        "When did the deficit start?",
        "dateTime",
        "valueDateTime",
        '"valueDateTime": "2026-11-20T08:00:00+01:00"',
    ),
    InputFact(
        "deficit-progressive",
        "F20/F64",
        "Is de uitval progressief?",
        "Is the deficit progressive?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": true',
    ),
    InputFact(
        "lhermitte-sign",
        "F22",
        "Symptoom van Lhermitte, met pijn in de nek of zonder andere oorzakelijke factor?",
        "Lhermitte's sign, with neck pain or no other causal factor?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": false',
    ),
    InputFact(
        "mescc-clinical-suspicion",
        "F21",
        "Is er een klinische verdenking op MESMC (myelumcompressie)?",
        "Is there a clinical suspicion of MESCC?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": true',
    ),
    InputFact(
        "mescc-radiological",
        "F24",
        "Is MESMC radiologisch aangetoond?",
        "Is MESCC shown on imaging?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": false',
    ),
    InputFact(
        "mescc-symptomatic",
        "F24",
        "Geeft de MESMC of wortelcompressie klachten (pijn en/of uitval)?",
        "Is the MESCC or root compression symptomatic (pain and/or deficit)?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": true',
    ),
    InputFact(
        "asia-grade",
        "F23",
        "ASIA-score bij eerste presentatie?",
        "ASIA impairment grade at first presentation?",
        "choice",
        "valueCodeableConcept",
        '"valueCodeableConcept": {"coding": [{"system": "{canonical}/CodeSystem/metastasis-cds-input", "code": "asia-a"}]}',
        _ASIA,
    ),
    InputFact(
        "complete-lesion-onset",
        "F23",
        "Sinds wanneer bestaat de complete dwarslaesie?",
        "Since when has the complete transverse lesion existed?",
        "dateTime",
        "valueDateTime",
        '"valueDateTime": "2026-11-19T22:00:00+01:00"',
    ),
    InputFact(
        "able-to-walk",
        "F64b",
        "Kan de patiënt nog zelfstandig lopen?",
        "Can the patient still walk independently?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": true',
    ),
    InputFact(
        "haematological-malignancy-suspected",
        "F33",
        "Is er een verdenking op een hematologische maligniteit (lymfoom, myeloom)?",
        "Is a haematological malignancy (lymphoma, myeloma) suspected?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": false',
    ),
    InputFact(
        "tissue-diagnosis-obtained",
        "F34",
        "Is er al weefsel (biopt) verkregen voor histologie?",
        "Has tissue (biopsy) for histology been obtained?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": false',
    ),
    InputFact(
        "surgery-or-radiotherapy-planned",
        "F26",
        "Wordt de patiënt geopereerd en/of bestraald?",
        "Will the patient be operated on and/or irradiated?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": true',
    ),
    InputFact(
        "life-expectancy",
        "F43",
        "Geschatte levensverwachting (maanden)?",
        "Estimated life expectancy (months)?",
        "quantity",
        "valueQuantity",
        '"valueQuantity": {"value": 6, "unit": "mo", "system": "http://unitsofmeasure.org", "code": "mo"}',
        unit="mo",
        lifetime="assessment",
    ),
    InputFact(
        "surgery-fit",
        "F44",
        "Laat de klinische toestand een operatie toe?",
        "Does the clinical condition permit surgery?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": true',
        lifetime="assessment",
    ),
    InputFact(
        "surgical-candidate",
        "F32",
        "Komt de patiënt eventueel in aanmerking voor een operatie?",
        "Might the patient be eligible for surgery?",
        "boolean",
        "valueBoolean",
        '"valueBoolean": false',
    ),
    InputFact(
        "sins-score",
        "F39/F46",
        "SINS-score (Spinal Instability Neoplastic Score, 0–18)?",
        "SINS (Spinal Instability Neoplastic Score, 0–18)?",
        "integer",
        "valueInteger",
        '"valueInteger": 9',
        lifetime="assessment",
    ),
    InputFact(
        "oligometastatic-count",
        "F53",
        "Aantal metastasen (bevestigd)?",
        "Number of metastases (confirmed)?",
        "integer",
        "valueInteger",
        '"valueInteger": 2',
        lifetime="assessment",
    ),
)


def _yes_no(
    code: str, fact_ids: str, nl: str, en: str, example: bool, lifetime: Lifetime
) -> InputFact:
    """A yes/no fact: the most common shape of a clinician's judgement."""
    return InputFact(
        code,
        fact_ids,
        nl,
        en,
        "boolean",
        "valueBoolean",
        f'"valueBoolean": {str(example).lower()}',
        lifetime=lifetime,
    )


_CONDITION = (
    Answer(None, "condition-good", "goede conditie", "good condition"),
    Answer(None, "condition-moderate", "matige conditie", "moderate condition"),
)

# Facts the guideline's treatment, time-to-therapy and follow-up rules need (Wervelmetastasen
# part 2; clinical model §1.1.4–1.1.9, facts F05–F70), and two part-1 facts the reader already used.
FACTS += (
    _yes_no(
        "spinal-metastasis-radiological",
        "F04",
        "Is er een radiologische verdenking op wervelmetastasen (beeldvorming)?",
        "Is there a radiological suspicion of spinal metastases (imaging)?",
        True,
        "assessment",
    ),
    _yes_no(
        "pain-flare-after-radiotherapy",
        "F57",
        "Is er kort na radiotherapie voor pijnlijke botmetastasen een 'pain flare' opgetreden?",
        "Has a pain flare occurred shortly after radiotherapy for painful bone metastases?",
        False,
        "neuro",
    ),
    InputFact(
        "definitive-diagnosis-date",
        "F05",
        "Wanneer is de definitieve diagnose wervelmetastasen gesteld?",
        "When was the definitive diagnosis of spinal metastases made?",
        "dateTime",
        "valueDateTime",
        '"valueDateTime": "2026-11-23T08:00:00+01:00"',
        lifetime="event",
    ),
    _yes_no(
        "pain-from-spinal-metastases",
        "F52",
        "Heeft de patiënt pijn door de wervelmetastasen?",
        "Does the patient have pain from the spinal metastases?",
        True,
        "neuro",
    ),
    _yes_no(
        "neurological-deficit",
        "F55",
        "Heeft de patiënt neurologische uitval door de wervelmetastasen?",
        "Does the patient have a neurological deficit from the spinal metastases?",
        False,
        "neuro",
    ),
    InputFact(
        "general-condition",
        "F54",
        "Is de patiënt in een goede of een matige conditie?",
        "Is the patient in a good or a moderate condition?",
        "choice",
        "valueCodeableConcept",
        '"valueCodeableConcept": {"coding": [{"system": "{canonical}/CodeSystem/metastasis-cds-input", "code": "condition-good"}]}',
        _CONDITION,
        lifetime="assessment",
    ),
    _yes_no(
        "oligometastatic",
        "F53",
        "Solitaire of oligometastasen (1–3 botmetastasen; ruimste definitie: maximaal 5 metastasen in maximaal 3 organen)?",
        "Solitary or oligometastases (1–3 bone metastases; broadest definition: at most 5 metastases in at most 3 organs)?",
        False,
        "assessment",
    ),
    _yes_no(
        "spine-unstable",
        "F39/F46",
        "Is de wervelkolom instabiel?",
        "Is the spine unstable?",
        False,
        "assessment",
    ),
    _yes_no(
        "radiotherapy-adequate-dose-possible",
        "F37/F41",
        "Is een adequate en zinvolle dosis radiotherapie mogelijk (beoordeling radiotherapeut, o.a. tolerantiedosis myelum)?",
        "Is an adequate and meaningful radiotherapy dose possible (radiation oncologist's judgement, incl. spinal-cord tolerance)?",
        True,
        "assessment",
    ),
    _yes_no(
        "symptoms-returned-after-radiotherapy",
        "F56/F40",
        "Zijn pijn of neurologische uitval na een initiële respons op eerdere bestraling teruggekeerd, of was de respons onvoldoende?",
        "Have pain or neurological deficit returned after an initial response to earlier irradiation, or was the response insufficient?",
        False,
        "assessment",
    ),
    _yes_no(
        "deterioration-during-radiotherapy",
        "F42",
        "Neurologische achteruitgang door progressieve MESMC onder radiotherapie en corticosteroïden?",
        "Neurological deterioration from progressive MESCC during radiotherapy and corticosteroids?",
        False,
        "neuro",
    ),
    _yes_no(
        "chemosensitive-tumour",
        "F45",
        "Is de tumor chemotherapiegevoelig (zoals een non-Hodgkinlymfoom van intermediaire of hoge maligniteitsgraad, kiemceltumor of multipel myeloom)?",
        "Is the tumour chemotherapy-sensitive (such as intermediate/high-grade non-Hodgkin lymphoma, germ cell tumour or multiple myeloma)?",
        False,
        "assessment",
    ),
    _yes_no(
        "systemic-therapy-sensitive",
        "F58",
        "Is de tumor potentieel gevoelig voor chemotherapie of antihormonale therapie?",
        "Is the tumour potentially sensitive to chemotherapy or antihormonal therapy?",
        True,
        "assessment",
    ),
    _yes_no(
        "rapid-chemotherapy-effect-expected",
        "F60",
        "Is er een grote kans op een snel effect van chemotherapie?",
        "Is a rapid effect of chemotherapy highly likely?",
        False,
        "assessment",
    ),
    _yes_no(
        "vital-chemotherapy-indication",
        "F59",
        "Is er anderszins een vitale indicatie voor chemotherapie die niet kan worden uitgesteld?",
        "Is there otherwise a vital indication for chemotherapy that cannot be postponed?",
        False,
        "assessment",
    ),
    _yes_no(
        "combined-procedure",
        "F62",
        "Betreft het een gecombineerde ingreep?",
        "Is it a combined procedure?",
        False,
        "assessment",
    ),
    _yes_no(
        "whole-spine-mri",
        "F07",
        "Is er beeldvorming door middel van een MRI van de gehele wervelkolom?",
        "Is there MRI imaging of the entire spine?",
        True,
        "assessment",
    ),
    _yes_no(
        "improving-after-corticosteroids",
        "F23",
        "Vertoont de complete dwarslaesie een duidelijke tendens tot klinische verbetering na het starten van corticosteroïden?",
        "Does the complete transverse lesion show a clear trend to clinical improvement after starting corticosteroids?",
        False,
        "neuro",
    ),
    _yes_no(
        "contiguous-1-to-3-vertebrae",
        "F47",
        "Aaneengesloten gebied van aantasting en/of obstructie van 1 tot maximaal 3 wervels, zonder metastasen met uitgebreide epidurale uitbreiding elders in de wervelkolom?",
        "A contiguous area of involvement and/or obstruction of 1 to at most 3 vertebrae, without metastases with extensive epidural extension elsewhere in the spine?",
        True,
        "assessment",
    ),
    _yes_no(
        "expert-surgery-within-24h",
        "F48",
        "Kan een chirurg met expertise op dit gebied binnen 24 uur opereren?",
        "Can a surgeon with expertise in this field operate within 24 hours?",
        True,
        "neuro",
    ),
    _yes_no(
        "deficit-expected-short-term",
        "F50",
        "Is neurologische uitval, door de uitgebreidheid van werveldestructie, op korte termijn te verwachten?",
        "Is a neurological deficit expected in the short term, given the extent of vertebral destruction?",
        False,
        "assessment",
    ),
    _yes_no(
        "systemic-therapy-active",
        "F51",
        "Krijgt de patiënt op dit moment systeemtherapie (chemo-, immuno-, doelgerichte of hormonale therapie)?",
        "Is the patient currently receiving systemic therapy (chemo-, immuno-, targeted or hormonal therapy)?",
        False,
        "assessment",
    ),
    _yes_no(
        "systemic-therapy-response-expected",
        "F51",
        "Wordt gelijktijdig systeemtherapie gegeven waarvan een respons op de MESMC te verwachten is?",
        "Is concurrent systemic therapy given from which a response of the MESCC can be expected?",
        False,
        "assessment",
    ),
    InputFact(
        "spine-surgery-date",
        "F30/F63",
        "Wanneer is de patiënt aan de wervelmetastase(n) geopereerd?",
        "When was the patient operated on for the spinal metastasis (metastases)?",
        "dateTime",
        "valueDateTime",
        '"valueDateTime": "2026-11-02T13:00:00+01:00"',
        lifetime="event",
    ),
    _yes_no(
        "postoperative-recovery-insufficient",
        "F63",
        "Is er postoperatief onvoldoende neurologisch herstel, of zelfs achteruitgang?",
        "Is postoperative neurological recovery insufficient, or is there even deterioration?",
        False,
        "neuro",
    ),
    _yes_no(
        "leaflet-given",
        "F69",
        "Heeft de patiënt de patiënteninformatiefolder (bijlage van de richtlijn) gekregen?",
        "Has the patient received the patient information leaflet (annex of the guideline)?",
        True,
        "event",
    ),
    _yes_no(
        "gp-informed",
        "F68",
        "Is de huisarts op de hoogte?",
        "Is the general practitioner informed?",
        True,
        "assessment",
    ),
    _yes_no(
        "coordinating-physician-known",
        "F68",
        "Is duidelijk wie de regievoerend arts is?",
        "Is it clear who the coordinating physician is?",
        True,
        "assessment",
    ),
)
# Answers that close branches (issue "signal, not noise"): one answer rules several facts out,
# so a card does not keep asking what the clinician already said (table in docs/input-contract.md).
FACTS += (
    _yes_no(
        "no-neurological-deficit",
        "F18/F19/F23",
        "Geen neurologische uitval (geen radiculaire of bilaterale uitval, geen dwarslaesie)?",
        "No neurological deficit (no radicular or bilateral deficit, no transverse lesion)?",
        True,
        "neuro",
    ),
    _yes_no(
        "gastric-ulcer-history",
        "F27",
        "Maagulcus in de voorgeschiedenis?",
        "History of gastric ulcer?",
        False,
        "assessment",
    ),
)
# What a "yes" to one of these answers sets, and what it leaves as recorded (docs table).
CLOSES: dict[str, tuple[tuple[str, str], ...]] = {
    "local-back-pain-only": (
        ("radicular-pain", "absent"),
        ("radicular-deficit", "absent"),
        ("lhermitte-sign", "no"),
    ),
    "no-neurological-deficit": (
        ("radicular-deficit", "absent"),
        ("asia-grade", "asia-e (no deficit, so never ASIA A)"),
    ),
}
FACTS_BY_CODE = {f.code: f for f in FACTS}


def code_system_url(canonical_base: str) -> str:
    return f"{canonical_base}/CodeSystem/{CODE_SYSTEM_ID}"


def code_system(canonical_base: str) -> dict[str, Any]:
    """The local CodeSystem of the facts above and their local answer codes."""
    concepts: list[dict[str, Any]] = [
        {
            "code": f.code,
            "display": f.question_en,
            "designation": [{"language": "nl", "value": f.question_nl}],
        }
        for f in FACTS
    ]
    local_answers = {a.code: a for f in FACTS for a in f.answers if a.system is None}
    concepts += [
        {
            "code": a.code,
            "display": a.display_en,
            "designation": [{"language": "nl", "value": a.display_nl}],
        }
        for a in local_answers.values()
    ]
    return {
        "resourceType": "CodeSystem",
        "id": CODE_SYSTEM_ID,
        "url": code_system_url(canonical_base),
        "name": "MetastasisCdsInput",
        "title": "Facts the metastasis guidelines need that have no standard code",
        "status": "active",
        "content": "complete",
        "caseSensitive": True,
        "concept": concepts,
    }


def questionnaire(canonical_base: str) -> dict[str, Any]:
    """The intake Questionnaire: one item per fact, each answer extractable as an Observation."""
    system = code_system_url(canonical_base)
    items = []
    for fact in FACTS:
        item: dict[str, Any] = {
            "linkId": fact.code,
            "text": fact.question_nl,
            "type": fact.answer_type,  # R4 item types: boolean, choice, dateTime, integer, quantity
            "code": [{"system": system, "code": fact.code, "display": fact.question_en}],
            "extension": [
                {
                    "url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract",
                    "valueBoolean": True,
                }
            ],
        }
        if fact.answers:
            item["answerOption"] = [
                {
                    "valueCoding": {
                        "system": a.system or system,
                        "code": a.code,
                        "display": a.display_nl,
                    }
                }
                for a in fact.answers
            ]
        if fact.unit:
            item["extension"].append(
                {
                    "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-unit",
                    "valueCoding": {"system": "http://unitsofmeasure.org", "code": fact.unit},
                }
            )
        items.append(item)
    return {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "url": f"{canonical_base}/Questionnaire/{QUESTIONNAIRE_ID}",
        "name": "SpinalMetastasesIntake",
        "title": "Intake wervelmetastasen: gegevens zonder standaardcode",
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    }


def questionnaire_url(canonical_base: str) -> str:
    return f"{canonical_base}/Questionnaire/{QUESTIONNAIRE_ID}"


def render_markdown() -> str:
    """`docs/input-contract.md`: for every fact, resource, element, code and an example."""
    lines = [
        "# Input contract: facts without a standard code",
        "",
        "Generated from `hooks/input_contract.py` by `make docs`; `tests/test_drift.py` keeps it current.",
        "",
        "Each fact is an `Observation` with `status` final/amended/corrected/preliminary/registered "
        "(or none), ",
        f"`code.coding` = `{{canonical}}/CodeSystem/{CODE_SYSTEM_ID}` | *code* (`{{canonical}}` is the "
        f"product's canonical base `{PRODUCT_CANONICAL_BASE}`, the same in every deployment and never "
        "derived from the host or port; the setting `CDS_CANONICAL_BASE_URL` changes it. Codes under "
        f"`{LEGACY_CANONICAL_BASE}` (the pre-0.2 default) or under the deployment's own "
        "`{CDS_PUBLIC_BASE_URL}/fhir` still count; any other base ending in "
        f"`/CodeSystem/{CODE_SYSTEM_ID}` is not read, and the card and the log say so. The service "
        "serves the CodeSystem and the Questionnaire "
        f"`{QUESTIONNAIRE_ID}` at `{{CDS_PUBLIC_BASE_URL}}/fhir/...`), `subject` = the patient, and "
        "`effectiveDateTime` = when it was assessed. The newest Observation per code wins; an answer "
        "older than the local-policy age limit of its lifetime is not used (see `docs/local-policy.md`): "
        "*neuro* (neurological status, hours), *assessment* (a clinician's assessment, weeks) or "
        "*event* (the date of a past event, never expires). Standard codes are read where they "
        "exist: a coded Condition (e.g. SNOMED 71286001 spinal cord compression) counts even "
        "without an answer here. Where both are recorded, the clinician's answer outranks the "
        "coded record for the fact it answers, except that a recorded gastric ulcer is never "
        "undone by a questionnaire *no* (see *How each fact is read* below).",
        "",
        "Which facts each Wervelmetastasen decision reads, and from which FHIR elements and codes "
        "each is read: [Decisions and the facts they read](#decisions-and-the-facts-they-read), "
        "[How each fact is read](#how-each-fact-is-read).",
        "",
        "| code | clinical model | question (nl) | question (en) | element | example value | lifetime |",
        "|---|---|---|---|---|---|---|",
    ]
    for fact in FACTS:
        answers = ""
        if fact.answers:
            answers = " — answers: " + ", ".join(
                f"`{a.code}` {a.display_en}" + (" (SNOMED)" if a.system == SNOMED else "")
                for a in fact.answers
            )
        lines.append(
            f"| `{fact.code}` | {fact.fact_ids} | {fact.question_nl} | {fact.question_en} "
            f"| `Observation.{fact.element}`{answers} | `{fact.example}` | {fact.lifetime} |"
        )
    lines += [
        "",
        "## Answers that close branches",
        "",
        "A *yes* to one of these sets other facts that are not recorded otherwise (an answer of "
        "their own always wins), so a card does not ask again what the clinician already said:",
        "",
        "| answer *yes* | sets | leaves as recorded |",
        "|---|---|---|",
        "| `local-back-pain-only` | "
        + ", ".join(f"`{code}` = {value}" for code, value in CLOSES["local-back-pain-only"])
        + " (so no bilateral complaint) | `mescc-clinical-suspicion`: *alleen lokale rugpijn* "
        "does not answer the MESCC suspicion |",
        "| `no-neurological-deficit` | "
        + ", ".join(f"`{code}` = {value}" for code, value in CLOSES["no-neurological-deficit"])
        + " (so no bilateral deficit) | `radicular-pain`, `lhermitte-sign`, "
        "`mescc-clinical-suspicion` |",
        "| `gastric-ulcer-history` = *no* | the history of gastric ulcer of SM-CS03 is *no* "
        "instead of unknown (no record is never *no*) | NSAID and anticoagulant use |",
        "| `radicular-pain` or `radicular-deficit` on one side or both (answer or coded "
        "radiculopathy) | `local-back-pain-only` = no (*alleen lokale rugpijn, geen radiculaire "
        "pijn of uitval*) | everything else |",
        "",
        "## Answers recorded by a click",
        "",
        "An undecided MRI window is one question on the card, one suggestion per complaint. For "
        "an issuer with `records_answers: true` (off by default, see README § Authentication) "
        "the suggestion also creates the Observations above that its complaint asserts, with "
        "the clinician as performer and the call's time, so the next call reads the answer "
        "(`hooks/answer_observations.py`). It creates only what the complaint says exactly: "
        "*Eenzijdige uitval, < 7 dagen, progressief* records `radicular-deficit` = `unilateral` "
        "(one side, side not recorded) and `deficit-progressive` = true, never an invented "
        "`deficit-onset`; the next card then asks only the onset. Whichever branch is picked, "
        "the audit records its row (`audit_suggestion`), so feedback names the branch.",
        "",
        "## Example",
        "",
        "```json",
        "{",
        '  "resourceType": "Observation",',
        '  "status": "final",',
        f'  "code": {{"coding": [{{"system": "{{canonical}}/CodeSystem/{CODE_SYSTEM_ID}", "code": "deficit-progressive"}}]}},',
        '  "subject": {"reference": "Patient/pat-spine-01"},',
        '  "effectiveDateTime": "2026-11-23T09:00:00+01:00",',
        '  "valueBoolean": true',
        "}",
        "```",
        "",
    ]
    # Imported here: the spinal facts layer imports this module (FACTS_BY_CODE).
    from hooks.spinal_metastases.fact_sources import render_sections

    lines += render_sections()
    return "\n".join(lines)
