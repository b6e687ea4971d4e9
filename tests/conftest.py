"""Shared test fixtures: the app as served, over real HTTP through Starlette's TestClient."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app

pytest_plugins = ["tests.fhir_test_server", "tests.postgres_server"]
REPO = Path(__file__).resolve().parents[1]
# The company's shared folder beside the repository: the CDS Hooks spec's example payloads, the
# guideline source texts and the clinical model. A user's clone does not have it; CI does.
SHARED = REPO.parent / "shared"
SPEC_EXAMPLES = SHARED / "cds-hooks" / "examples"
# `.ci/run` sets this, so that a test which needs ../shared fails there instead of skipping.
REQUIRE_SHARED = "CDS_TESTS_REQUIRE_SHARED"
SHARED_SKIP_REASON = (
    "needs ../shared beside the repository (CDS Hooks spec examples, guideline sources, "
    "clinical model), which is not part of a clone; CI runs it ({REQUIRE_SHARED}=1)"
)


def requires_shared(path: Path) -> Path:
    """`path` inside ../shared; skips the test (or the module) when it is not there.

    The skip is how a clone without ../shared still passes; under `.ci/run` the same absence
    is a failure, so CI proves every one of these tests.
    """
    if path.exists():
        return path
    if os.environ.get(REQUIRE_SHARED) == "1":
        pytest.fail(f"{REQUIRE_SHARED}=1 but {path} is missing", pytrace=False)
    # One reason for every such skip, so pytest's summary counts them on one line.
    pytest.skip(SHARED_SKIP_REASON.format(REQUIRE_SHARED=REQUIRE_SHARED), allow_module_level=True)


def spec_example(name: str) -> Any:
    """One of the CDS Hooks spec's official example payloads, read from ../shared."""
    return json.loads(requires_shared(SPEC_EXAMPLES / name).read_text(encoding="utf-8"))


def spec_example_text(name: str) -> str:
    """The raw text of a spec example (the compact JWT is not JSON)."""
    return requires_shared(SPEC_EXAMPLES / name).read_text(encoding="utf-8")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One plain line on how many tests skipped for a missing ../shared, and how CI runs them."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "needs ../shared" in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} test(s) or module(s) skipped: ../shared is not beside this clone "
            f"({SHARED}); CI runs them with {REQUIRE_SHARED}=1, where a missing file fails."
        )


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
