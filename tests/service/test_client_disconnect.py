"""A client that hangs up mid-upload: an info line and an audited 499, never a 500."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.types import Message

from fixtures.replay import fixture_app
from service.store import FeedbackStore

CALL = "/cds-services/spinal-metastases-order-sign"


async def _hang_up_mid_upload(app: Any, path: str) -> list[Message]:
    """Send the head of a body and then `http.disconnect`, as a client that gives up does."""
    sent: list[Message] = []
    incoming: list[Message] = [
        {"type": "http.request", "body": b'{"hook": "order-sign", "hookIns', "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"host", b"127.0.0.1:8765")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8765),
        "state": {},
    }
    await app(scope, receive, send)
    return sent


@pytest.mark.parametrize("path", [CALL, f"{CALL}/feedback"])
def test_a_hang_up_mid_upload_is_499_at_info_level(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    app = fixture_app(database_url=url)
    with caplog.at_level(logging.INFO), TestClient(app) as client:
        sent = client.portal.call(_hang_up_mid_upload, client.app, path)  # type: ignore[union-attr]
    (start,) = [m for m in sent if m["type"] == "http.response.start"]
    assert start["status"] == 499
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("disconnected" in r.getMessage() for r in caplog.records)
    if path == CALL:
        store = FeedbackStore(url)
        assert [call.status for call in store.calls()] == [499]  # flushed at shutdown
        store.close()
