"""`python -m service --workers N` and `service.app:factory` as real processes.

N workers share one port, each with our JSON logging and the start-up checks; the metrics of
all of them answer from any one; SIGTERM under load finishes the calls in flight and writes
every queued audit record; another server (`uvicorn --factory`) gets the same app, and a
configuration that must not serve stops it with one line and exit status 3.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.store import FeedbackStore
from tests.service.server_process import (
    START_TIMEOUT_S,
    clean_environment,
    free_port,
    serving,
    start,
    wait_ready,
)
from tests.service.test_auth import hook_request

SIGN = "/cds-services/spinal-metastases-order-sign"


def _demo_workers(port: int, workers: int = 2) -> list[str]:
    return [
        sys.executable,
        "-m",
        "service",
        "--local-demo",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]


def _calls_counted(url: str) -> float:
    """cds_hook_calls_total of order-sign, as one scrape answers it."""
    text = httpx.get(url + "/metrics", timeout=10).text
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (
                sample.name == "cds_hook_calls_total"
                and sample.labels["service"] == "spinal-metastases-order-sign"
            ):
                total += sample.value
    return total


def test_two_workers_share_the_port_log_json_and_count_together(tmp_path: Path) -> None:
    port = free_port()
    environment = clean_environment(CDS_DATABASE_URL=f"sqlite:///{tmp_path / 'cds.sqlite3'}")
    with serving(_demo_workers(port), environment, tmp_path, port) as server:
        request_ids = []
        with httpx.Client(timeout=30) as client:
            for n in range(20):
                # A new connection each time: the kernel spreads them over the workers.
                response = client.post(
                    server.url + SIGN,
                    json=hook_request(),
                    headers={"Connection": "close", "X-Request-ID": f"test-call-{n}"},
                )
                assert response.status_code == 200, response.text
                request_ids.append(response.headers["x-request-id"])
        assert request_ids == [f"test-call-{n}" for n in range(20)]
        # Whichever worker answers the scrape sums every worker's files.
        assert {_calls_counted(server.url) for _ in range(6)} == {20.0}
        assert server.stop() == 0
    text = server.log_text()
    lines = server.log_lines()
    # Every line of the parent and of each worker is one of our JSON objects.
    assert all(line.startswith("{") for line in text.splitlines() if line.strip()), text
    started = [line for line in lines if line["message"] == "worker started"]
    assert len({line["pid"] for line in started}) == 2
    assert {line["metrics"] for line in started} == {"multiprocess"}
    assert not [line for line in lines if line["logger"] == "uvicorn.access"]
    answered = [line for line in lines if line["message"] == "hook call answered"]
    assert sorted(line["request_id"] for line in answered) == sorted(request_ids)
    (folder,) = [line["metrics_dir"] for line in lines if "metrics_dir" in line]
    assert not Path(folder).exists()  # the parent removed the workers' metrics folder


def test_sigterm_under_load_finishes_the_calls_and_writes_every_queued_audit_record(
    tmp_path: Path,
) -> None:
    """Records sit in the queue (a 60 s flush interval) until SIGTERM: then each is written."""
    port = free_port()
    database = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    environment = clean_environment(
        CDS_DATABASE_URL=database,
        CDS_AUDIT_FLUSH_INTERVAL_S="60",
        CDS_AUDIT_BATCH_SIZE="100000",
        CDS_SHUTDOWN_TIMEOUT_S="10",
    )
    server = start(_demo_workers(port), environment, tmp_path, port)
    answered: list[int] = []
    stop = threading.Event()

    def load() -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                try:
                    response = client.post(server.url + SIGN, json=hook_request())
                except httpx.TransportError:
                    return  # the server closed the connection: it is stopping
                if response.status_code == 200:
                    answered.append(1)

    try:
        wait_ready(server)
        threads = [threading.Thread(target=load, daemon=True) for _ in range(8)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while len(answered) < 100 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.stop() == 0  # SIGTERM while the 8 clients keep calling
    finally:
        stop.set()
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
    for thread in threads:
        thread.join(30)
    logged = [line for line in server.log_lines() if line["message"] == "hook call answered"]
    store = FeedbackStore(database)
    try:
        written = len(store.calls())
    finally:
        store.close()
    assert len(answered) >= 100
    # Every call answered with 200 had its record queued before the answer left: none lost.
    assert written == len(logged) >= len(answered)
    assert not [line for line in server.log_lines() if "dropped" in line["message"]]


def _factory(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "service.app:factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def test_uvicorn_factory_serves_the_app_with_its_checks_and_our_logging(tmp_path: Path) -> None:
    port = free_port()
    environment = clean_environment(
        CDS_LOCAL_DEMO="true",
        CDS_BIND_HOST="127.0.0.1",
        CDS_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        CDS_DATABASE_URL=f"sqlite:///{tmp_path / 'cds.sqlite3'}",
    )
    with serving(_factory(port), environment, tmp_path, port) as server:
        response = httpx.post(server.url + SIGN, json=hook_request(), timeout=30)
        assert response.status_code == 200
        assert response.headers["x-request-id"]
        assert _calls_counted(server.url) == 1.0
        # uvicorn stops gracefully, then raises the SIGTERM it caught again: exit by the signal.
        assert server.stop() in (0, -signal.SIGTERM)
    messages = [line["message"] for line in server.log_lines()]
    assert "Application shutdown complete." in messages
    assert "worker started" in messages
    assert "hook call answered" in messages
    assert any(m.startswith("Started server process") for m in messages)  # uvicorn's, as JSON


@pytest.mark.parametrize(
    ("variables", "said"),
    [
        pytest.param(
            {"CDS_LOCAL_DEMO": "true"}, "set CDS_BIND_HOST=127.0.0.1", id="demo-bind-unknown"
        ),
        pytest.param(
            {"CDS_LOCAL_DEMO": "true", "CDS_BIND_HOST": "127.0.0.1", "CDS_FHIR_MAX_PAGES": "0"},
            "CDS_FHIR_MAX_PAGES",
            id="bad-setting",
        ),
        pytest.param({}, "CDS_TRUSTED_ISSUERS", id="nobody-trusted"),
    ],
)
def test_a_factory_that_must_not_serve_exits_3_with_one_line(
    tmp_path: Path, variables: dict[str, Any], said: str
) -> None:
    port = free_port()
    environment = clean_environment(
        CDS_DATABASE_URL=f"sqlite:///{tmp_path / 'cds.sqlite3'}", **variables
    )
    finished = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        _factory(port),
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
        check=False,
    )
    assert finished.returncode == 3
    lines = [line for line in finished.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, finished.stderr
    assert lines[0].startswith("service.app:factory: refusing to start: ")
    assert said in lines[0]
