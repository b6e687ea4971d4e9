"""Specificeer radiotherapie: schema, herbestraling, postoperatief, interval (SM-RT00–RT09; clinical model §1.1.7).

Richtlijn Wervelmetastasen, beslisboom IKNL/Pallialine, "Indicatie behandeling wervelmetastasen —
Specificeer radiotherapie" and "Specificeer radiotherapie na chirurgie". Three situations, each
its own table: a second course after return of symptoms (SM-RT05; the guideline gives no
interval between the courses, so none is advised), radiotherapy after surgery (SM-RT07/RT08
with the interval SM-RT09), and a first course (SM-RT01–RT04). In a first course a
neurological deficit decides before pain (design, clinical model §1.1.7): its rows come first;
for pain, oligometastases (SM-RT02) override the single fraction (SM-RT01). "Goede/matige
conditie" is not defined in the guideline; facts.py reads it from an answer or, by local
policy, from ECOG/Karnofsky.
"""

from __future__ import annotations

from hooks.rules import DecisionTable, Row, Truth, all_of, any_of, negate
from hooks.spinal_metastases.reading.case_features import (
    good_condition,
    life_expectancy_at_least,
    life_expectancy_below,
)
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.sources import radiotherapie, radiotherapie_na_chirurgie, tijdsinterval

# Short scheme text per row for summaries, suggestions and the order's `orderDetail`.
SCHEMES: dict[str, tuple[str, str]] = {
    "SM-RT01": ("eenmalig 8 Gy", "8 Gy single fraction"),
    "SM-RT02": (
        "30-39 Gy in 10-13 fracties of stereotactisch 18-35 Gy in 1-5 fracties",
        "30-39 Gy in 10-13 fractions or stereotactic 18-35 Gy in 1-5 fractions",
    ),
    "SM-RT03": ("eenmalig 8 Gy", "8 Gy single fraction"),
    "SM-RT04": ("ten minste 30 Gy in 10 fracties", "at least 30 Gy in 10 fractions"),
    "SM-RT05": ("tweede bestraling", "second course of radiotherapy"),
    "SM-RT07": ("20 Gy in 5 fracties", "20 Gy in 5 fractions"),
    "SM-RT08": ("30-39 Gy in 10-13 fracties", "30-39 Gy in 10-13 fractions"),
}
# The schemes in a few characters, for summaries that list more than one.
SHORT: dict[str, tuple[str, str]] = {
    "SM-RT01": ("8 Gy × 1", "8 Gy × 1"),
    "SM-RT02": ("30-39 Gy/10-13 fr. of stereotactisch", "30-39 Gy/10-13 fr. or stereotactic"),
    "SM-RT03": ("8 Gy × 1", "8 Gy × 1"),
    "SM-RT04": ("≥ 30 Gy/10 fr.", "≥ 30 Gy/10 fr."),
    "SM-RT07": ("20 Gy/5 fr.", "20 Gy/5 fr."),
    "SM-RT08": ("30-39 Gy/10-13 fr.", "30-39 Gy/10-13 fr."),
}
# SM-RT02 offers two schemes; each becomes its own suggestion (the radiation oncologist chooses).
RT02_OPTIONS: tuple[tuple[str, str], ...] = (
    (
        "ten minste 30-39 Gy in 10-13 fracties (conventioneel)",
        "at least 30-39 Gy in 10-13 fractions (conventional)",
    ),
    ("stereotactisch 18-35 Gy in 1-5 fracties", "stereotactic 18-35 Gy in 1-5 fractions"),
)
POSTOP_INTERVAL_DAYS = (21, 28)  # "een minimaal tijdsinterval van 3-4 weken"

RT00_NL = "Radiotherapie is de behandeling van voorkeur bij pijn en/of neurologische uitval door wervelmetastasen (SM-RT00)."
RT00_EN = "Radiotherapy is the preferred treatment for pain and/or neurological deficit caused by spinal metastases (SM-RT00)."
RT00_SOURCE = radiotherapie(
    "Radiotherapie is de behandeling van voorkeur bij patiënten met kanker en pijn en /of neurologische uitvalsverschijnselen veroorzaakt door wervelmetastasen."
)


def symptoms_returned_after_radiotherapy(f: SpineFacts) -> Truth:
    """Terugkeer van pijn of neurologische uitval na een initiële respons, of onvoldoende respons op de eerste bestraling."""
    return f.symptoms_returned_after_rt.value


def postoperative_longer_life_expectancy_or_oligometastases(f: SpineFacts) -> Truth:
    """Postoperatieve radiotherapie bij een levensverwachting van 1 jaar of langer, of bij oligometastasering."""
    return all_of(
        f.post_operative.value, any_of(life_expectancy_at_least(f, 12), f.oligometastatic.value)
    )


def postoperative_short_life_expectancy(f: SpineFacts) -> Truth:
    """Postoperatieve radiotherapie bij een korte levensverwachting (< 1 jaar), zonder oligometastasering."""
    return all_of(
        f.post_operative.value, life_expectancy_below(f, 12), negate(f.oligometastatic.value)
    )


def deficit_good_condition_long_life_expectancy(f: SpineFacts) -> Truth:
    """Neurologische uitval, goede conditie en levensverwachting van minimaal 1 jaar."""
    return all_of(f.neurological_deficit.value, good_condition(f), life_expectancy_at_least(f, 12))


def deficit_moderate_condition_or_short_life_expectancy(f: SpineFacts) -> Truth:
    """Neurologische uitval bij een matige conditie of een levensverwachting van minder dan 1 jaar."""
    return all_of(
        f.neurological_deficit.value,
        any_of(negate(good_condition(f)), life_expectancy_below(f, 12)),
    )


def pain_with_oligometastases(f: SpineFacts) -> Truth:
    """Pijn bij solitaire of oligometastasen (1-3 botmetastasen)."""
    return all_of(f.pain_from_metastases.value, f.oligometastatic.value)


def pain_without_oligometastases(f: SpineFacts) -> Truth:
    """Pijn, zonder solitaire of oligometastasen (ongeacht levensverwachting, conditie of primaire tumor)."""
    return all_of(f.pain_from_metastases.value, negate(f.oligometastatic.value))


def operated(f: SpineFacts) -> Truth:
    """De patiënt is geopereerd (postoperatieve radiotherapie)."""
    return f.post_operative.value


REIRRADIATION = DecisionTable[SpineFacts](
    id="spine.reirradiation",
    question_nl="Is een tweede bestraling aangewezen?",
    question_en="Is a second course of radiotherapy indicated?",
    rows=(
        Row(
            id="SM-RT05",
            when=symptoms_returned_after_radiotherapy,
            facts=("symptoms_returned_after_rt", "earlier_radiotherapy"),
            advice_nl="Geef een tweede behandeling met radiotherapie vanwege de reële kans op respons (schema en myelumdosis: beoordeling radiotherapeut)",
            advice_en="Give a second course of radiotherapy because of the real chance of response (scheme and spinal-cord dose: radiation oncologist's judgement)",
            indicator="info",
            source=radiotherapie(
                "Bij terugkeer van pijn of neurologische uitvalsverschijnselen na een initiële respons of onvoldoende respons op de eerste bestraling dient een tweede behandeling met radiotherapie te worden gegeven vanwege de reële kans op respons."
            ),
        ),
    ),
)

POSTOPERATIVE_SCHEME = DecisionTable[SpineFacts](
    id="spine.postoperative-radiotherapy",
    question_nl="Welk schema na chirurgie?",
    question_en="Which scheme after surgery?",
    rows=(
        Row(
            id="SM-RT08",
            when=postoperative_longer_life_expectancy_or_oligometastases,
            facts=("post_operative", "life_expectancy_months", "oligometastatic"),
            advice_nl="30-39 Gy in 10-13 fracties (levensverwachting ≥ 1 jaar of oligometastasering)",
            advice_en="30-39 Gy in 10-13 fractions (life expectancy ≥ 1 year or oligometastases)",
            indicator="info",
            source=radiotherapie_na_chirurgie(
                "tot 30-39 Gy in 10-13 fracties bij patiënten met een langere levensverwachting (> 1 jaar of bij oligometastasering)."
            ),
        ),
        Row(
            id="SM-RT07",
            when=postoperative_short_life_expectancy,
            facts=("post_operative", "life_expectancy_months", "oligometastatic"),
            advice_nl="20 Gy in 5 fracties (korte levensverwachting, < 1 jaar)",
            advice_en="20 Gy in 5 fractions (short life expectancy, < 1 year)",
            indicator="info",
            source=radiotherapie_na_chirurgie(
                "Algemeen geldende doseringen zijn 20 Gy in 5 fracties bij patiënten met een korte levensverwachting (< 1 jaar)"
            ),
        ),
    ),
)

FIRST_COURSE_SCHEME = DecisionTable[SpineFacts](
    id="spine.radiotherapy-scheme",
    question_nl="Welk radiotherapieschema (eerste bestraling)?",
    question_en="Which radiotherapy scheme (first course)?",
    rows=(
        Row(
            id="SM-RT04",
            when=deficit_good_condition_long_life_expectancy,
            facts=("neurological_deficit", "general_condition", "life_expectancy_months"),
            advice_nl="Ten minste 30 Gy in 10 fracties, om de duur van respons te verbeteren",
            advice_en="At least 30 Gy in 10 fractions, to improve the duration of response",
            indicator="info",
            source=radiotherapie(
                "Bij patiënten met neurologische uitvalsverschijnselen die in een goede conditie zijn en een levensverwachting van minimaal 1 jaar hebben is een dosis van tenminste 30 Gy in 10 fracties de behandeling van voorkeur om de duur van respons te verbeteren."
            ),
        ),
        Row(
            id="SM-RT03",
            when=deficit_moderate_condition_or_short_life_expectancy,
            facts=("neurological_deficit", "general_condition", "life_expectancy_months"),
            advice_nl="Eenmalige fractie van 8 Gy",
            advice_en="Single fraction of 8 Gy",
            indicator="info",
            source=radiotherapie(
                "Bij patiënten met neurologische uitvalsverschijnselen die in een matige conditie zijn, of die een levensverwachting van minder dan 1 jaar hebben, is een eenmalige fractie van 8 Gy de standaardbehandeling."
            ),
        ),
        Row(
            id="SM-RT02",
            when=pain_with_oligometastases,
            facts=("pain_from_metastases", "oligometastatic"),
            advice_nl="Ten minste 30-39 Gy in 10-13 fracties (conventioneel), of hypofractionering met geavanceerde technieken (stereotactisch 18-35 Gy in 1-5 fracties)",
            advice_en="At least 30-39 Gy in 10-13 fractions (conventional), or hypofractionation with advanced techniques (stereotactic 18-35 Gy in 1-5 fractions)",
            indicator="info",
            source=radiotherapie(
                "Bij patiënten met pijn waarbij er sprake is van solitaire of oligometastasen (1-3 botmetastasen) is een dosis van tenminste 30-39 Gy in 10-13 fracties (conventioneel), of een hypofractioneringsschema (met behulp van geavanceerde technieken) de behandeling van keuze."
            ),
        ),
        Row(
            id="SM-RT01",
            when=pain_without_oligometastases,
            facts=("pain_from_metastases", "oligometastatic"),
            advice_nl="Eenmalige fractie van 8 Gy, ongeacht levensverwachting, conditie of primaire tumor",
            advice_en="Single fraction of 8 Gy, regardless of life expectancy, condition or primary tumour",
            indicator="info",
            source=radiotherapie(
                "Bij patiënten met pijn is een eenmalige fractie van 8 Gy de standaardbehandeling, ongeacht de levensverwachting, conditie of primaire tumor."
            ),
        ),
    ),
)

POSTOPERATIVE_INTERVAL = DecisionTable[SpineFacts](
    id="spine.postoperative-interval",
    question_nl="Wanneer mag postoperatieve radiotherapie starten?",
    question_en="When may postoperative radiotherapy start?",
    rows=(
        Row(
            id="SM-RT09",
            when=operated,
            facts=("spine_surgery_date", "postoperative_recovery_insufficient"),
            advice_nl="Houd een minimaal interval van 3-4 weken aan na de operatie (wondgenezing, conditieherstel); start eerder bij onvoldoende neurologisch herstel of achteruitgang",
            advice_en="Keep a minimum interval of 3-4 weeks after surgery (wound healing, recovery); start earlier if neurological recovery is insufficient or there is deterioration",
            indicator="info",
            source=tijdsinterval(
                "Bij patiënten die geopereerd zijn adviseert de richtlijncommissie een minimaal tijdsinterval van 3-4 weken in acht te nemen voor het starten van postoperatieve radiotherapie. Dit interval is gekozen om optimale wondgenezing en conditieherstel na operatie te garanderen. Mocht er postoperatief onvoldoende neurologisch herstel zijn, of zelfs achteruitgang, dan is het zaak eerder te starten met radiotherapie"
            ),
        ),
    ),
)
