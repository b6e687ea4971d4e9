"""Fixtures of the FHIR-server tests: the app allowed to call the fixtures' FHIR server, and
that server mocked with respx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx
from fastapi.testclient import TestClient

from fixtures.replay import fixture_app
from tests.service.fhir_support import BASE


@pytest.fixture
def fhir_client() -> Iterator[TestClient]:
    with TestClient(
        fixture_app(fhir_server_allowlist=[BASE]), raise_server_exceptions=False
    ) as test_client:
        yield test_client


@pytest.fixture
def fhir() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as router:
        yield router
