"""Shared helpers for the table tests: facts with only the named values known."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from fixtures.build import CANONICAL
from hooks.facts import Fact
from hooks.spinal_metastases.policy import SpinePolicy
from hooks.spinal_metastases.reading.facts import SpineFacts
from hooks.spinal_metastases.reading.read import read_facts
from service.cds.contract import FetchedData, HookCall, Language
from service.cds.models import HookRequest

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)
YES, NO, UNKNOWN = Fact(True), Fact(False), Fact[bool]()


def facts(**changes: Any) -> SpineFacts:
    return replace(SpineFacts(now=NOW), **changes)


def months(value: float) -> Fact[float]:
    return Fact(value)


def days_ago(days: float) -> Fact[datetime]:
    return Fact(NOW - timedelta(days=days))


def hours_ago(hours: float) -> Fact[datetime]:
    return Fact(NOW - timedelta(hours=hours))


def call_with(
    conditions: list[dict[str, Any]] | None = None,
    observations: list[dict[str, Any]] | None = None,
    medications: list[dict[str, Any]] | None = None,
    procedures: list[dict[str, Any]] | None = None,
    unavailable: tuple[str, ...] = (),
    *,
    patient: str = "pat-facts",
    hook: str = "patient-view",
    orders: list[dict[str, Any]] | None = None,
    language: Language = "nl",
    medication_statements: list[dict[str, Any]] | None = None,
) -> HookCall:
    """A resolved hook call over these resources, at the tests' clock."""
    context: dict[str, Any] = {"patientId": patient}
    if orders is not None:
        context["draftOrders"] = {
            "resourceType": "Bundle",
            "entry": [{"resource": o} for o in orders],
        }
    request = HookRequest.model_validate({"hook": hook, "hookInstance": "h", "context": context})
    data = {
        key: FetchedData(key, tuple(value or ()), key not in unavailable)
        for key, value in (
            ("conditions", conditions),
            ("observations", observations),
            ("medications", medications),
            ("medicationStatements", medication_statements),
            ("procedures", procedures),
        )
    }
    return HookCall(
        request=request, data=data, language=language, now=NOW, canonical_base=CANONICAL
    )


def facts_from(
    conditions: list[dict[str, Any]] | None = None,
    observations: list[dict[str, Any]] | None = None,
    medications: list[dict[str, Any]] | None = None,
    procedures: list[dict[str, Any]] | None = None,
    unavailable: tuple[str, ...] = (),
    policy: SpinePolicy | None = None,
    medication_statements: list[dict[str, Any]] | None = None,
) -> SpineFacts:
    """SpineFacts read from FHIR fragments, as facts.py reads a real call."""
    call = call_with(
        conditions,
        observations,
        medications,
        procedures,
        unavailable,
        medication_statements=medication_statements,
    )
    return read_facts(call, policy or SpinePolicy())
