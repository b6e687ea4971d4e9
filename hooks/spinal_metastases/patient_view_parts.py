"""Shared by the patient-view cards of every section: the data notes and a create suggestion."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hooks.cards import CardText, stable_uuid, t
from hooks.fhir_lean import parse_datetime
from hooks.spinal_metastases.reading.facts import SpineFacts
from service.cds.contract import HookCall
from service.cds.models import Action, Suggestion


def common_args(facts: SpineFacts, **extra: Any) -> dict[str, Any]:
    return {
        "missing": facts.missing_data,
        "skipped": facts.skipped_malformed,
        "unrecognised": facts.unrecognised_answers,
        **extra,
    }


def create_suggestion(
    call: HookCall, rule: str, label: CardText, resources: list[dict[str, Any]], key: str = ""
) -> Suggestion:
    return Suggestion(
        label=t(call.language, label.nl, label.en),
        uuid=stable_uuid(call.request.hook_instance, rule, key, "create"),
        is_recommended=True,
        actions=tuple(
            Action(type="create", description=describe(r), resource=r) for r in resources
        ),
    )


def describe(resource: dict[str, Any]) -> str:
    concept = resource.get("code") or resource.get("medicationCodeableConcept") or {}
    return str(concept.get("text", resource["resourceType"]))


def suspicion_date(facts: SpineFacts, now: datetime) -> datetime:
    """The probable diagnosis: when the suspicion was recorded, else now."""
    dates = [
        d
        for e in facts.spinal_metastasis_suspected.evidence
        if (d := parse_datetime(e.date)) is not None and d <= now
    ]
    return min(dates) if dates else now
