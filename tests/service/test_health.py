from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError


def test_liveness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readiness_checks_the_store(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/readyz").json() == {"status": "ok", "store": "ok"}

    def fail() -> None:
        raise OperationalError("SELECT 1", {}, Exception("down"))

    monkeypatch.setattr(client.app.state.cds.store, "ping", fail)  # type: ignore[attr-defined]
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["store"] == "error"
