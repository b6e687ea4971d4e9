"""Shared helpers for the table tests: facts with only the named values known."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hooks.facts import Fact
from hooks.spinal_metastases.facts import SpineFacts

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
