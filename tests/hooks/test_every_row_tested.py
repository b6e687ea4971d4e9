"""A rule without a test case fails the build: every row of every registered table is tested.

Each table test module exports `TESTED_ROWS`, the row ids its cases decide.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from hooks import TABLES

TESTS = Path(__file__).parent


def _tested_rows() -> set[str]:
    tested: set[str] = set()
    for path in TESTS.rglob("test_*.py"):
        module_name = ".".join(path.relative_to(TESTS.parents[1]).with_suffix("").parts)
        module = importlib.import_module(module_name)
        tested |= set(getattr(module, "TESTED_ROWS", ()))
    return tested


def test_every_row_of_every_table_has_a_test_case() -> None:
    rows = {row.id for table in TABLES for row in table.rows}
    assert rows - _tested_rows() == set()
