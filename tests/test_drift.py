"""Committed generated files (OpenAPI, review documents, input contract) equal what the code renders."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.render import ROOT, rendered

FILES = rendered()


@pytest.mark.parametrize("path", sorted(FILES), ids=str)
def test_committed_copy_is_current(path: Path) -> None:
    committed = (ROOT / path).read_text(encoding="utf-8")
    assert committed == FILES[path], f"{path} is stale: run `make docs` and commit the result"
