"""Feedback bodies of our own, for tests whose subject is our feedback endpoint, not the spec.

They have the shape of the spec's feedback examples (CDS Hooks 2.0 § Feedback) but are written
here, with our own ids, so these tests run on a clone without ../shared. The spec's own
examples are still sent, where ../shared is present, by `test_each_spec_feedback_example_is_stored`.
Each call returns a fresh copy for the test to change.
"""

from __future__ import annotations

from typing import Any

ACCEPTED_CARD = "0b6f3c52-3a4e-4d1f-9b36-5c1f0e2a7d01"
ACCEPTED_SUGGESTION = "6d2e8a41-7c9b-4f03-a5e2-1b8d9c4f6e02"
OVERRIDDEN_CARD = "9a4c1e7b-2d5f-4b8a-8c3e-7f1a2b3c4d03"


def feedback_accepted() -> dict[str, Any]:
    """One card accepted with one of its suggestions."""
    return {
        "feedback": [
            {
                "card": ACCEPTED_CARD,
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": ACCEPTED_SUGGESTION}],
                "outcomeTimestamp": "2026-11-23T10:05:31Z",
            }
        ]
    }


def feedback_overridden() -> dict[str, Any]:
    """One card dismissed without a reason."""
    return {
        "feedback": [
            {
                "card": OVERRIDDEN_CARD,
                "outcome": "overridden",
                "outcomeTimestamp": "2026-11-23T10:00:00Z",
            }
        ]
    }


def feedback_overridden_with_reason() -> dict[str, Any]:
    """One card dismissed with a coded reason and a comment."""
    body = feedback_overridden()
    body["feedback"][0]["overrideReason"] = {
        "reason": {"code": "not-applicable", "system": "https://ehr.example/override-reasons"},
        "userComment": "Clinician's comment.",
    }
    return body
