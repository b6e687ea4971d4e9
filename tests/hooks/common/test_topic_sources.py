"""Every topic row quotes its seed verbatim, cites it without a URL, and states its strength."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hooks.brain_metastases.service import TABLES as BRAIN
from hooks.immunotherapy_resistance.service import TABLES as IO
from hooks.liver_metastases.service import TABLES as LIVER
from hooks.neuroendocrine_liver.service import TABLES as NET
from hooks.rules import DecisionTable
from tests.conftest import SHARED, requires_shared

SEEDS = SHARED / "seeds"
TOPICS = [
    pytest.param(BRAIN, "000_*.txt", "review-article", "BM-", id="brain"),
    pytest.param(NET, "001_*.txt", "thesis", "NET-", id="net"),
    pytest.param(IO, "003_*.txt", "research-news", "IO-", id="immunotherapy"),
    pytest.param(LIVER, "004_*.txt", "hospital-pathway", "LM-", id="liver"),
]


def _flat(text: str) -> str:
    return re.sub(r"[\s•]+", " ", text).strip()


def _seed(pattern: str) -> str:
    (path,) = sorted(requires_shared(SEEDS).glob(pattern))
    return _flat(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("tables", "seed", "strength", "prefix"), TOPICS)
def test_quotes_are_verbatim_fragments_of_the_seed(
    tables: tuple[DecisionTable[Any], ...], seed: str, strength: str, prefix: str
) -> None:
    text = _seed(seed)
    for table in tables:
        for row in table.rows:
            assert row.id.startswith(prefix)
            assert row.source.strength == strength
            assert row.source.url is None  # the seeds give no URL for these documents
            assert row.source.reference
            for fragment in re.split(r" … | · ", row.source.quote_nl):
                assert _flat(fragment.rstrip(" …")) in text, (row.id, fragment)


def test_every_clinical_model_id_of_the_four_topics_is_implemented() -> None:
    ids = {row.id for tables in (BRAIN, NET, IO, LIVER) for table in tables for row in table.rows}
    expected = (
        {f"BM-0{n}" for n in range(1, 8)}
        | {f"NET-0{n}" for n in range(1, 5)}
        | {"IO-01", "IO-02"}
        | {f"LM-{n:02d}" for n in range(1, 16)}
    )
    assert ids == expected
