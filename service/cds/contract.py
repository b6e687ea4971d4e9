"""What a CDS service in `hooks/` provides and receives: the seam between protocol and guideline.

`service/` runs any object of this shape without knowing which guideline it implements.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from service.cds.models import Card, HookRequest, ServiceDescription
from service.cds.query_plan import CodeQuery, QueryPlan

Language = Literal["nl", "en"]


@dataclass(frozen=True)
class FetchedData:
    """The resources of one prefetch key, and whether we could read them at all.

    `available` is False when neither the EHR's prefetch nor our own FHIR query gave an
    answer: the facts from this key are then unknown, never negative. A `problem` on available
    data means it is incomplete (e.g. more pages than we may read, or resources left out).
    `skipped_other_patient` counts resources that named another patient than the context's:
    never the patient's facts, and a sign that the EHR's data for this key is not to be trusted
    as complete.
    """

    key: str
    resources: tuple[dict[str, Any], ...] = ()
    available: bool = True
    origin: Literal["prefetch", "fhir-server", "none"] = "prefetch"
    skipped_malformed: int = 0
    problem: str | None = None
    skipped_other_patient: int = 0


@dataclass(frozen=True)
class HookCall:
    """Everything a guideline needs for one call, already read and resolved."""

    request: HookRequest
    data: Mapping[str, FetchedData]
    language: Language
    now: datetime
    canonical_base: str
    # Other bases of our CodeSystems whose codes still count when read (never sent).
    canonical_aliases: tuple[str, ...] = ()
    # The caller's EHR accepts suggestions that also create answer Observations (per issuer).
    records_answers: bool = False

    @property
    def unavailable_keys(self) -> tuple[str, ...]:
        """Prefetch keys whose data could not be read, or only in part; cards must say so."""
        return tuple(k for k, d in self.data.items() if not d.available or d.problem)


@dataclass(frozen=True)
class GuidelineSource:
    """The guideline, or other source (review article, thesis, ...), that a service implements.

    Only what the source itself says: `version` and the dates stay None where it gives none.
    Dates are ISO 8601 and as precise as the source (`2015`, `2019-09`, `2023-06-01`).
    """

    title: str
    kind: str  # e.g. guideline, review-article, thesis, research-news, hospital-pathway
    url: str | None = None
    version: str | None = None
    published: str | None = None
    last_reviewed: str | None = None


@dataclass(frozen=True)
class CDSService:
    """One CDS service as discovery lists it, plus the function that answers its calls."""

    id: str
    hook: str
    title: str
    description: str
    evaluate: Callable[[HookCall], Sequence[Card]]
    prefetch: Mapping[str, str] = field(default_factory=dict)
    # Resource types whose references in the fetched data the service wants resolved: a
    # `Type/id` that is neither contained nor among the data is read from `fhirServer`
    # (bounded, within the call's FHIR budget) and added to the key that referenced it.
    resolve_references: tuple[str, ...] = ()
    usage_requirements: str | None = None
    # Prefetch keys without which the service cannot say anything (412 when all are missing).
    required_keys: tuple[str, ...] = ()
    # Rule ids this service may fire: for the audit trail and the review documents.
    rule_ids: tuple[str, ...] = ()
    # Context members that the hook must carry, e.g. draftOrders (else 400).
    required_context: tuple[str, ...] = ("patientId",)
    # Whether this call can produce a card at all (e.g. an order we advise on is in the draft
    # orders). When it cannot, we answer `{"cards": []}` without reading any patient data.
    is_relevant: Callable[[HookRequest], bool] = lambda _request: True
    # The source the advice comes from, with its version or date (`GET /version`); None = not given.
    source: GuidelineSource | None = None
    # Keys whose query asks only for the codes the rules read (service/query_narrowing.py);
    # `query_plan` is what start-up made of them (`narrow`), None until then.
    narrowing: Mapping[str, CodeQuery] = field(default_factory=dict)
    query_plan: QueryPlan | None = None

    def describe(self) -> ServiceDescription:
        """The discovery entry, built from the same object that answers calls."""
        return ServiceDescription(
            hook=self.hook,
            id=self.id,
            title=self.title,
            description=self.description,
            prefetch=dict(self.prefetch) or None,
            usage_requirements=self.usage_requirements,
        )
