"""A rule without a test case fails the build: every row of every registered table is tested.

Each table test module exports `TESTED_ROWS`, the row ids its cases decide (derived from its
`CASES`); a row may instead be proven by a fixture scenario whose expected cards name it as their
`source.topic` (`python -m fixtures.expect` writes them, tests/test_fixtures.py replays them).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from fixtures.build import FIXTURES
from hooks import TABLES

TESTS = Path(__file__).parent


def _tested_rows() -> set[str]:
    tested: set[str] = set()
    for path in TESTS.rglob("test_*.py"):
        module_name = ".".join(path.relative_to(TESTS.parents[1]).with_suffix("").parts)
        module = importlib.import_module(module_name)
        tested |= set(getattr(module, "TESTED_ROWS", ()))
    return tested


def _rows_of_fixture_cards() -> set[str]:
    topics: set[str] = set()
    for path in FIXTURES.glob("*/*.cards.json"):
        for card in json.loads(path.read_bytes())["cards"]:
            topic = card["source"].get("topic")
            if topic:
                topics.add(topic["code"])
    return topics


def test_every_row_of_every_table_has_a_test_case() -> None:
    rows = {row.id for table in TABLES for row in table.rows}
    assert rows - _tested_rows() - _rows_of_fixture_cards() == set()
