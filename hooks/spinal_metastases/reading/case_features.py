"""Case features several part-2 tables share, derived from `SpineFacts` (house style: derive, then decide).

Richtlijn Wervelmetastasen (IKNL/Pallialine), beslisboom op basis van de richtlijn 2015. Each
returns None when a fact it needs is unknown. Life-expectancy boundaries follow the guideline's
words: "minstens drie maanden" and "minimaal 1 jaar" include the boundary, "minder dan 1 jaar"
excludes it, and "meer dan drie maanden" (SM-T04) is strict.
"""

from __future__ import annotations

from hooks.rules import Truth, all_of, any_of
from hooks.spinal_metastases.reading.facts import SpineFacts


def _compare(value: float | None, threshold: float, *, at_least: bool) -> Truth:
    if value is None:
        return None
    return value >= threshold if at_least else value < threshold


def life_expectancy_at_least(f: SpineFacts, months: float) -> Truth:
    return _compare(f.life_expectancy_months.value, months, at_least=True)


def life_expectancy_below(f: SpineFacts, months: float) -> Truth:
    return _compare(f.life_expectancy_months.value, months, at_least=False)


def life_expectancy_above(f: SpineFacts, months: float) -> Truth:
    value = f.life_expectancy_months.value
    return None if value is None else value > months


def symptomatic(f: SpineFacts) -> Truth:
    """Symptomatische wervelmetastasen (met pijn en/of neurologische uitval)."""
    direct = any_of(f.pain_from_metastases.value, f.neurological_deficit.value)
    if direct is None and f.mescc_symptomatic.value is True:
        return True  # symptomatic MESCC or root compression: pain and/or deficit
    return direct


def mescc(f: SpineFacts) -> Truth:
    """MESMC, klinisch of radiologisch."""
    return any_of(f.mescc_radiological.value, f.mescc_clinical_suspicion.value)


def deficit_from_mescc(f: SpineFacts) -> Truth:
    """Neurologische uitval door MESMC."""
    return all_of(f.neurological_deficit.value, mescc(f))


def radiotherapy_possible(f: SpineFacts) -> Truth:
    """Symptomatisch, en een adequate en zinvolle dosis radiotherapie is mogelijk."""
    return all_of(symptomatic(f), f.rt_adequate_dose_possible.value)


def after_treatment(f: SpineFacts) -> Truth:
    """Na afloop van de radiotherapie of na de operatie."""
    return any_of(f.radiotherapy_completed.value, f.post_operative.value)


def good_condition(f: SpineFacts) -> Truth:
    value = f.general_condition.value
    return None if value is None else value == "good"
