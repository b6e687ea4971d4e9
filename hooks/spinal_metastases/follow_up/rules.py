"""Follow-up (SM-FU01–FU06; clinical model §1.1.9).

Richtlijn Wervelmetastasen, beslisboom IKNL/Pallialine, "Follow-up". SM-FU03 (taper the
corticosteroids in 1–2 weeks after treatment) is the same rule as SM-CS04 and is implemented
there; SM-FU06 (related guidelines) is card content: the seed names them and gives only
www.pallialine.nl as their location, so that is the only link.
"""

from __future__ import annotations

from hooks.rules import DecisionTable, Row, Truth, all_of, any_of, negate
from hooks.spinal_metastases.reading.case_features import after_treatment
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.sources import follow_up

RELATED_GUIDELINES = (
    "Richtlijn Pijn bij kanker",
    "Richtlijn Dwarslaesie",
    "Richtlijn Detecteren behoefte psychosociale zorg",
    "Richtlijn Oncologische revalidatie",
)
RELATED_LOCATION = "https://www.pallialine.nl/"  # the seed: "Zie richtlijnen op www.pallialine.nl"
RELATED_QUOTE = "Zie richtlijnen op www.pallialine.nl, o.a.: Richtlijnen met betrekking tot palliatieve zorg (ook op www.pallialine.nl) Richtlijn Pijn bij kanker Richtlijn Dwarslaesie Richtlijn Detecteren behoefte psychosociale zorg Richtlijn Oncologische revalidatie"
TAPER_QUOTE = (
    "Bouw de corticosteroiden in 1-2 weken na behandeling volledig af, op geleide van klachten."
)


def complaints(f: SpineFacts) -> Truth:
    """Klachten (vooral pijn en/of neurologische klachten)."""
    return any_of(f.pain_from_metastases.value, f.neurological_deficit.value)


def imaging_without_complaints_or_systemic_therapy(f: SpineFacts) -> Truth:
    """Na behandeling, zonder klachten en zonder systeemtherapie waarvan het effect geëvalueerd wordt."""
    return all_of(
        after_treatment(f), negate(complaints(f)), negate(f.systemic_therapy_active.value)
    )


def treated(f: SpineFacts) -> Truth:
    """Na behandeling (radiotherapie afgerond of geopereerd)."""
    return after_treatment(f)


def proven_without_leaflet(f: SpineFacts) -> Truth:
    """Aangetoonde wervelmetastasen en de patiënteninformatiefolder is nog niet gegeven."""
    return all_of(f.spinal_metastasis_proven.value, negate(f.leaflet_given.value))


def gp_or_coordinator_unclear(f: SpineFacts) -> Truth:
    """De huisarts is niet op de hoogte, of het is niet duidelijk wie de regievoerend arts is."""
    return any_of(negate(f.gp_informed.value), negate(f.coordinating_physician_known.value))


FOLLOW_UP_IMAGING = DecisionTable[SpineFacts](
    id="spine.follow-up-imaging",
    question_nl="Is herhaalde beeldvorming van de wervelkolom aangewezen?",
    question_en="Is repeat imaging of the spine indicated?",
    rows=(
        Row(
            id="SM-FU01",
            when=imaging_without_complaints_or_systemic_therapy,
            facts=(
                "radiotherapy_completed",
                "post_operative",
                "pain_from_metastases",
                "neurological_deficit",
                "systemic_therapy_active",
            ),
            advice_nl="Beeldvorming van de wervelkolom alleen bij klachten (vooral pijn en/of neurologische klachten) of ter evaluatie van het effect van systeemtherapie",
            advice_en="Imaging of the spine only with complaints (mainly pain and/or neurological) or to evaluate the effect of systemic therapy",
            indicator="info",
            source=follow_up(
                "beeldvorming van de wervelkolom alleen moet worden verricht bij klachten (vooral pijn en/of neurologische klachten) of ter evaluatie van het effect van eventuele systeemtherapie."
            ),
        ),
    ),
)

MOBILISATION = DecisionTable[SpineFacts](
    id="spine.follow-up-mobilisation",
    question_nl="Algemene instructies bij follow-up",
    question_en="General follow-up instructions",
    rows=(
        Row(
            id="SM-FU02",
            when=treated,
            facts=("radiotherapy_completed", "post_operative"),
            advice_nl="Laat de patiënt mobiliseren op geleide van pijnklachten",
            advice_en="Let the patient mobilise guided by pain",
            indicator="info",
            source=follow_up("Laat de patiënt mobiliseren op geleide van pijnklachten"),
        ),
    ),
)

LEAFLET = DecisionTable[SpineFacts](
    id="spine.follow-up-leaflet",
    question_nl="Heeft de patiënt de patiënteninformatiefolder gekregen?",
    question_en="Has the patient received the information leaflet?",
    rows=(
        Row(
            id="SM-FU04",
            when=proven_without_leaflet,
            facts=("spinal_metastasis_proven", "leaflet_given"),
            advice_nl="Geef de patiënt de patiënteninformatiefolder (bijlage van de richtlijn)",
            advice_en="Give the patient the patient information leaflet (annex of the guideline)",
            indicator="info",
            source=follow_up(
                "Geef patiënten met aangetoonde wervelmetastasen de patiënteninformatiefolder (bijlage van de richtlijn)"
            ),
        ),
    ),
)

GP_AND_COORDINATOR = DecisionTable[SpineFacts](
    id="spine.follow-up-coordination",
    question_nl="Is de huisarts op de hoogte en is duidelijk wie de regievoerend arts is?",
    question_en="Is the GP informed and is it clear who the coordinating physician is?",
    rows=(
        Row(
            id="SM-FU05",
            when=gp_or_coordinator_unclear,
            facts=("gp_informed", "coordinating_physician_known"),
            advice_nl="Zorg dat de huisarts te allen tijde op de hoogte is en dat duidelijk is wie de regievoerend arts is",
            advice_en="Make sure the GP is informed at all times and that it is clear who the coordinating physician is",
            indicator="info",
            source=follow_up(
                "Te allen tijde is de huisarts op de hoogte en is duidelijk wie de regievoerend arts is."
            ),
        ),
    ),
)
