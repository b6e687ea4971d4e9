"""Lean models with the few elements the topic packages read beyond `hooks.fhir_lean`.

Same class names as the resource types, because `hooks.fhir_lean.select` matches on the
model's name; unknown elements are still ignored.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from hooks import fhir_lean
from hooks.fhir_lean import Lean, Period


class Condition(fhir_lean.Condition):
    """A Condition with its extensions (mCODE histology) and its evidence (manifestations)."""

    extension: list[dict[str, Any]] = Field(default_factory=list)
    evidence: list[dict[str, Any]] = Field(default_factory=list)


class Observation(fhir_lean.Observation):
    """An Observation with components (gene studied) and interpretation (POS/NEG, L/H)."""

    component: list[dict[str, Any]] = Field(default_factory=list)
    interpretation: list[dict[str, Any]] = Field(default_factory=list)


class Procedure(fhir_lean.Procedure):
    """A Procedure with where and why it was done, to tell liver-directed treatment apart."""

    category: dict[str, Any] | None = None
    body_site: list[dict[str, Any]] = Field(default_factory=list, alias="bodySite")
    reason_reference: list[dict[str, Any]] = Field(default_factory=list, alias="reasonReference")


class ServiceRequest(Lean):
    """An order already in the record: a referral or a follow-up scan we must not duplicate."""

    status: str | None = None
    intent: str | None = None
    code: dict[str, Any] | None = None
    performer: list[dict[str, Any]] = Field(default_factory=list)
    reason_reference: list[dict[str, Any]] = Field(default_factory=list, alias="reasonReference")
    authored_on: str | None = Field(default=None, alias="authoredOn")
    occurrence_period: Period | None = Field(default=None, alias="occurrencePeriod")

    @property
    def date(self) -> str | None:
        return self.authored_on

    @property
    def is_open_or_done(self) -> bool:
        """Planned, running or completed; never a revoked or mistaken order."""
        return self.status in {"draft", "active", "on-hold", "completed"}


class MedicationRequest(fhir_lean.MedicationRequest):
    """A medication order; `planned` also counts drafts and plans (e.g. PRRT on the schedule).

    The medicine is `medicationCodeableConcept` or, in MP9 and NKR records, a Medication named
    by `medicationReference` (contained or its own resource); `dosageInstruction` has the route.
    """

    medication_reference: dict[str, Any] | None = Field(default=None, alias="medicationReference")
    contained: list[dict[str, Any]] = Field(default_factory=list)
    dosage_instruction: list[dict[str, Any]] = Field(
        default_factory=list, alias="dosageInstruction"
    )

    @property
    def is_planned_or_active(self) -> bool:
        return self.status in {"active", "on-hold", "draft"}

    @property
    def date(self) -> str | None:
        return self.authored_on


class MedicationStatement(fhir_lean.MedicationStatement):
    """Home medication (zib MedicatieGebruik): what the patient uses, whoever prescribed it."""

    effective_date_time: str | None = Field(default=None, alias="effectiveDateTime")
    effective_period: Period | None = Field(default=None, alias="effectivePeriod")
    medication_reference: dict[str, Any] | None = Field(default=None, alias="medicationReference")
    contained: list[dict[str, Any]] = Field(default_factory=list)
    dosage: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def date(self) -> str | None:
        if self.effective_date_time:
            return self.effective_date_time
        return self.effective_period.start if self.effective_period else None


class Medication(Lean):
    """The medicine a medication record references: its product code(s) and dose form."""

    code: dict[str, Any] | None = None
    form: dict[str, Any] | None = None
