from __future__ import annotations

import pytest

from service.cds.language import negotiate


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "nl"),
        ("", "nl"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("nl-NL,en;q=0.8", "nl"),
        ("de-DE,en;q=0.5,nl;q=0.7", "nl"),
        ("fr", "nl"),
        ("en;q=0", "nl"),
        ("en;q=abc", "nl"),
    ],
)
def test_negotiate(header: str | None, expected: str) -> None:
    assert negotiate(header, "nl") == expected
