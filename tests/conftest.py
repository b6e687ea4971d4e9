"""Shared test fixtures: the app as served, over real HTTP through Starlette's TestClient."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app

REPO = Path(__file__).resolve().parents[1]
SPEC_EXAMPLES = REPO.parent / "shared" / "cds-hooks" / "examples"


def spec_example(name: str) -> Any:
    """One of the CDS Hooks spec's official example payloads, read from ../shared."""
    return json.loads((SPEC_EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(fixture_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def assert_no_empty_members(value: Any, path: str = "$") -> None:
    """Spec § Use of JSON: no null, "", [] or {} anywhere (except the top-level `cards: []`)."""
    if isinstance(value, dict):
        assert value, f"empty object at {path}"
        for key, member in value.items():
            assert member is not None, f"null at {path}.{key}"
            if not (path == "$" and key == "cards"):
                assert member not in ("", [], {}), f"empty {key} at {path}"
            assert_no_empty_members(member, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            assert_no_empty_members(item, f"{path}[{index}]")
