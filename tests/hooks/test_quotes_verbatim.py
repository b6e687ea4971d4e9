"""Every row's Dutch quote stands in the source document, so a reviewer can grep it there.

The seeds are OCR text: letters lost to an encoding fault (`pati€nten`), words run together
(`aankan`) or split, bullets and line breaks. Quotes repair those; so the comparison keeps only
letters and digits, without accents, and reads the seeds' `€` as the `e` it replaced. A quote
may leave parts out with `…` and join bullet items with ` · `: each part must stand there.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest

from hooks import TABLES
from hooks.rules import Row
from tests.conftest import SHARED, requires_shared

# Every test here compares with the source texts: without ../shared the module skips.
SEEDS = requires_shared(SHARED / "seeds")


def _letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", plain.lower())


SOURCE_TEXT = [
    _letters(path.read_text(encoding="utf-8").replace("€é", "e").replace("€", "e"))
    for path in sorted(SEEDS.glob("*.txt"))
]
ROWS = [row for table in TABLES for row in table.rows]


def test_the_seeds_are_there() -> None:
    assert len(SOURCE_TEXT) >= 5


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_the_quote_stands_in_a_source_document(row: Row[Any]) -> None:
    parts = [_letters(p) for p in re.split(r"…|\.\.\.| · ", row.source.quote_nl)]
    missing = [p for p in parts if len(p) >= 8 and not any(p in text for text in SOURCE_TEXT)]
    assert not missing, f"{row.id}: not in the seeds: {missing[0][:80]}"
