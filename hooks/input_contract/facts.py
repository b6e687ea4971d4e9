"""Every input fact, in the order the Questionnaire asks them, and what each closing answer sets."""

from __future__ import annotations

from hooks.input_contract.closing import CLOSES, CLOSING_FACTS
from hooks.input_contract.diagnostics import DIAGNOSTIC_FACTS
from hooks.input_contract.model import InputFact
from hooks.input_contract.treatment import TREATMENT_FACTS

FACTS: tuple[InputFact, ...] = DIAGNOSTIC_FACTS + TREATMENT_FACTS + CLOSING_FACTS
FACTS_BY_CODE = {f.code: f for f in FACTS}

__all__ = ["CLOSES", "FACTS", "FACTS_BY_CODE"]
