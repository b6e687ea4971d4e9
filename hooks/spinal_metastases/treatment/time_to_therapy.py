"""Maximale tijd tot inzet therapie, na het stellen van de definitieve diagnose (SM-TT24h/72h/7d/14d; clinical model §1.1.8).

Richtlijn Wervelmetastasen, beslisboom IKNL/Pallialine, "Aanvullende diagnostiek na
beeldvorming — Maximale tijd tot inzet therapie". Rows run from the shortest window down, so the
first that holds is the shortest that applies. The guideline leaves a gap: a slowly progressive
(> 7 days) deficit from MESCC in a patient who can no longer walk independently. Local policy
`CDS_SPINE_TIME_TO_THERAPY_SLOW_NON_AMBULANT` decides it (24 h by default, as the clinical model
proposes), and the card marks it.
"""

from __future__ import annotations

from datetime import timedelta

from hooks.rules import DecisionTable, Row, Truth, all_of, any_of, negate
from hooks.spinal_metastases.reading.case_features import deficit_from_mescc
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.sources import maximale_tijd

WINDOWS: dict[str, timedelta] = {
    "SM-TT24h": timedelta(hours=24),
    "SM-TT72h": timedelta(hours=72),
    "SM-TT7d": timedelta(days=7),
    "SM-TT14d": timedelta(days=14),
}
_ON_EITHER_SIDE = ("unilateral", "bilateral")


def _progressive_mescc_deficit(f: SpineFacts, *, within_7_days: bool) -> Truth:
    recent = f.deficit_onset_within_7_days
    return all_of(
        deficit_from_mescc(f),
        f.deficit_progressive.value,
        recent if within_7_days else negate(recent),
    )


def slow_deficit_unable_to_walk(f: SpineFacts) -> Truth:
    """Langzaam progressieve uitval (> 7 dagen) door MESMC, patiënt kan niet meer zelfstandig lopen: niet in de richtlijn."""
    return all_of(_progressive_mescc_deficit(f, within_7_days=False), negate(f.able_to_walk.value))


def _gap(f: SpineFacts, window: str) -> Truth:
    """The gap case counts for `window` when local policy assigns it there; unknown if undecided."""
    gap = slow_deficit_unable_to_walk(f)
    if f.slow_non_ambulant_window == "undecided":
        return None if gap is not False else False
    return gap if f.slow_non_ambulant_window == window else False


def rapidly_progressive_mescc_deficit(f: SpineFacts) -> Truth:
    """Snel progressieve (< 7 dagen) neurologische uitval door MESMC."""
    return any_of(_progressive_mescc_deficit(f, within_7_days=True), _gap(f, "24h"))


def slowly_progressive_ambulant_mescc_deficit(f: SpineFacts) -> Truth:
    """Langzaam progressieve uitval (> 7 dagen) door MESMC, nog niet erg uitgesproken (patiënt kan nog zelfstandig lopen)."""
    ambulant = all_of(_progressive_mescc_deficit(f, within_7_days=False), f.able_to_walk.value)
    return any_of(ambulant, _gap(f, "72h"))


def radiological_mescc_with_pain_only(f: SpineFacts) -> Truth:
    """Alleen radiologische MESMC met pijn (geen neurologische uitval)."""
    return all_of(
        f.mescc_radiological.value,
        negate(f.neurological_deficit.value),
        f.pain_from_metastases.value,
    )


def pain_or_radicular_syndrome_without_mescc(f: SpineFacts) -> Truth:
    """Zonder radiologische en/of klinische MESMC, alleen pijn of een radiculair syndroom."""
    radicular = any_of(
        None if f.radicular_pain.value is None else f.radicular_pain.value in _ON_EITHER_SIDE,
        None if f.radicular_deficit.value is None else f.radicular_deficit.value in _ON_EITHER_SIDE,
    )
    return all_of(
        negate(f.mescc_radiological.value),
        negate(f.mescc_clinical_suspicion.value),
        any_of(f.pain_from_metastases.value, radicular),
    )


TIME_TO_THERAPY = DecisionTable[SpineFacts](
    id="spine.time-to-therapy",
    question_nl="Binnen welke termijn na de definitieve diagnose moet de therapie starten?",
    question_en="Within which window after the definitive diagnosis must therapy start?",
    rows=(
        Row(
            id="SM-TT24h",
            when=rapidly_progressive_mescc_deficit,
            facts=(
                "neurological_deficit",
                "mescc_radiological",
                "deficit_progressive",
                "deficit_onset",
                "able_to_walk",
            ),
            advice_nl="Start de therapie binnen 24 uur na de definitieve diagnose",
            advice_en="Start therapy within 24 hours of the definitive diagnosis",
            indicator="critical",
            source=maximale_tijd(
                "met snel progressieve (< 7 dagen) neurologische uitval ten gevolge van MESMC de therapie binnen 24 uur ingezet dient te worden."
            ),
        ),
        Row(
            id="SM-TT72h",
            when=slowly_progressive_ambulant_mescc_deficit,
            facts=(
                "neurological_deficit",
                "mescc_radiological",
                "deficit_progressive",
                "deficit_onset",
                "able_to_walk",
            ),
            advice_nl="Start de therapie binnen 72 uur na de definitieve diagnose",
            advice_en="Start therapy within 72 hours of the definitive diagnosis",
            indicator="warning",
            source=maximale_tijd(
                "met langzaam progressieve uitval (> 7 dagen) die nog niet erg uitgesproken is (patiënt kan nog zelfstandig lopen) ten gevolge van MESMC de therapie binnen 72 uur ingezet dient te worden."
            ),
        ),
        Row(
            id="SM-TT7d",
            when=radiological_mescc_with_pain_only,
            facts=("mescc_radiological", "neurological_deficit", "pain_from_metastases"),
            advice_nl="Start de therapie binnen 7 dagen na de definitieve diagnose",
            advice_en="Start therapy within 7 days of the definitive diagnosis",
            indicator="warning",
            source=maximale_tijd(
                "met alleen radiologische MESMC met pijn de therapie binnen 7 dagen ingezet dient te worden."
            ),
        ),
        Row(
            id="SM-TT14d",
            when=pain_or_radicular_syndrome_without_mescc,
            facts=(
                "mescc_radiological",
                "mescc_clinical_suspicion",
                "pain_from_metastases",
                "radicular_pain",
                "radicular_deficit",
            ),
            advice_nl="Start de therapie in elk geval binnen 14 dagen na de definitieve diagnose",
            advice_en="Start therapy within 14 days of the definitive diagnosis at the latest",
            indicator="info",
            source=maximale_tijd(
                "zonder radiologische en/of klinische MESMC en alleen pijn of een radiculair syndroom de therapie in elk geval binnen 14 dagen na het stellen van de diagnose ingezet dient te worden."
            ),
        ),
    ),
)
