"""Lean, tolerant models of the FHIR R4 elements the facts layers read.

Measured here, full `fhir.resources` models cost 20–30× the framework itself and reject any
element they do not know, so incoming resources are first selected by code on the raw JSON and
only the selected ones get one of these models; unknown elements are ignored. A resource that
does not fit its model is skipped and counted, never fatal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hooks.codes import CONDITION_CLINICAL, CONDITION_VERIFICATION, ValueSet, codings, union_of


class Lean(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    resource_type: str = Field(alias="resourceType")
    id: str | None = None

    @property
    def reference(self) -> str:
        """`Type/id` for the why-trace (no names or identifiers: those are PHI)."""
        return f"{self.resource_type}/{self.id or '?'}"


class Quantity(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    value: float | None = None
    unit: str | None = None
    code: str | None = None


class Period(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    start: str | None = None
    end: str | None = None


class Condition(Lean):
    clinical_status: dict[str, Any] | None = Field(default=None, alias="clinicalStatus")
    verification_status: dict[str, Any] | None = Field(default=None, alias="verificationStatus")
    code: dict[str, Any] | None = None
    body_site: list[dict[str, Any]] = Field(default_factory=list, alias="bodySite")
    onset_date_time: str | None = Field(default=None, alias="onsetDateTime")
    recorded_date: str | None = Field(default=None, alias="recordedDate")

    # Cached: a call asks each Condition for its statuses a dozen times (once per fact). The
    # model is frozen and read once per call; `model_copy(update=...)` would keep the old
    # answers, so a changed record is parsed anew (nothing here copies one).
    @cached_property
    def clinical(self) -> str | None:
        return _status_code(self.clinical_status, CONDITION_CLINICAL)

    @cached_property
    def verification(self) -> str | None:
        return _status_code(self.verification_status, CONDITION_VERIFICATION)

    @property
    def never_counts(self) -> bool:
        """Entered-in-error and refuted records never count as evidence of anything."""
        return self.verification in {"entered-in-error", "refuted"}

    @cached_property
    def is_current(self) -> bool:
        """Active (or recurrence/relapse, or no status given) and not struck out."""
        return not self.never_counts and self.clinical in {None, "active", "recurrence", "relapse"}

    @property
    def is_suspected(self) -> bool:
        return self.verification in {"provisional", "differential", "unconfirmed"}

    @property
    def date(self) -> str | None:
        return self.onset_date_time or self.recorded_date


class Observation(Lean):
    status: str | None = None
    code: dict[str, Any] | None = None
    value_boolean: bool | None = Field(default=None, alias="valueBoolean")
    value_codeable_concept: dict[str, Any] | None = Field(
        default=None, alias="valueCodeableConcept"
    )
    value_quantity: Quantity | None = Field(default=None, alias="valueQuantity")
    value_integer: int | None = Field(default=None, alias="valueInteger")
    value_date_time: str | None = Field(default=None, alias="valueDateTime")
    value_string: str | None = Field(default=None, alias="valueString")
    effective_date_time: str | None = Field(default=None, alias="effectiveDateTime")
    effective_period: Period | None = Field(default=None, alias="effectivePeriod")
    issued: str | None = None
    focus: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def never_counts(self) -> bool:
        return self.status in {"entered-in-error", "cancelled"}

    @property
    def date(self) -> str | None:
        period_end = self.effective_period.end if self.effective_period else None
        return self.effective_date_time or period_end or self.issued


class MedicationRequest(Lean):
    status: str | None = None
    intent: str | None = None
    medication_codeable_concept: dict[str, Any] | None = Field(
        default=None, alias="medicationCodeableConcept"
    )
    authored_on: str | None = Field(default=None, alias="authoredOn")

    @property
    def is_active(self) -> bool:
        return self.status in {"active", "on-hold"}


class MedicationStatement(Lean):
    status: str | None = None
    medication_codeable_concept: dict[str, Any] | None = Field(
        default=None, alias="medicationCodeableConcept"
    )

    @property
    def is_active(self) -> bool:
        return self.status in {"active", "intended"}


class Procedure(Lean):
    status: str | None = None
    code: dict[str, Any] | None = None
    body_site: list[dict[str, Any]] = Field(default_factory=list, alias="bodySite")
    performed_date_time: str | None = Field(default=None, alias="performedDateTime")
    performed_period: Period | None = Field(default=None, alias="performedPeriod")

    @property
    def date(self) -> str | None:
        return self.performed_date_time or (
            self.performed_period.end or self.performed_period.start
            if self.performed_period
            else None
        )


def _status_code(concept: Mapping[str, Any] | None, system: str) -> str | None:
    for coding in codings(concept):
        if coding.get("system") in (system, None) and isinstance(coding.get("code"), str):
            return str(coding["code"])
    return None


M = TypeVar("M", bound=Lean)


def select(
    resources: Iterable[Mapping[str, Any]],
    model: type[M],
    element: str,
    wanted: ValueSet | Iterable[ValueSet],
) -> tuple[list[M], int]:
    """Resources of `model`'s type whose `element` is coded in `wanted`, parsed; plus skips.

    Selection runs on the raw JSON, so only relevant resources pay for a model.
    """
    union = wanted if isinstance(wanted, ValueSet) else union_of(tuple(wanted))
    type_name = model.__name__
    chosen: list[M] = []
    skipped = 0
    for raw in resources:
        if raw.get("resourceType") != type_name:
            continue
        if not union.matches(raw.get(element)):
            continue
        try:
            chosen.append(model.model_validate(raw))
        except ValidationError:
            skipped += 1
    return chosen, skipped


def parse_datetime(value: str | None) -> datetime | None:
    """A FHIR date or dateTime as an aware datetime (dates at midnight UTC); None if unreadable."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=UTC)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
