"""A clone without ../shared skips the tests that need it; CI (`.ci/run`) makes that a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, REQUIRE_SHARED, requires_shared


def test_a_missing_shared_file_skips_with_the_one_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(REQUIRE_SHARED, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"needs \.\./shared"):
        requires_shared(tmp_path / "absent.json")


def test_under_ci_a_missing_shared_file_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(REQUIRE_SHARED, "1")
    with pytest.raises(pytest.fail.Exception, match=r"absent\.json is missing"):
        requires_shared(tmp_path / "absent.json")


def test_a_present_file_is_returned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_SHARED, "1")
    present = tmp_path / "present.json"
    present.write_text("{}", encoding="utf-8")
    assert requires_shared(present) == present


def test_ci_sets_the_flag() -> None:
    assert f"{REQUIRE_SHARED}=1" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
