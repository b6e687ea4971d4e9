"""`python -m service` refuses configurations that would expose patient data."""

from __future__ import annotations

import gc
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

import service.__main__ as entry

ISSUER = {
    "iss": "https://ehr.example",
    "jwks_url": "https://ehr.example/jwks",
    "fhir_servers": ["https://fhir.example/r4"],
}


@pytest.fixture(autouse=True)
def _restore_the_interpreter() -> Iterator[None]:
    """main() prepares the process for serving (gc.freeze, switch interval): undo it here."""
    interval = sys.getswitchinterval()
    yield
    sys.setswitchinterval(interval)
    gc.unfreeze()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[dict[str, Any]]]:
    """Record what would be served instead of serving it; keep the test's logging intact."""
    monkeypatch.chdir(tmp_path)  # no developer `.env`
    calls: list[dict[str, Any]] = []

    def run(app: FastAPI, **options: Any) -> None:
        calls.append({"app": app, **options})

    monkeypatch.setattr(uvicorn, "run", run)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield calls
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_demo_mode_on_a_public_address_is_refused(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert entry.main(["--host", "0.0.0.0", "--local-demo"]) == 2  # noqa: S104
    assert not served
    assert "loopback" in capsys.readouterr().err


def test_demo_mode_from_the_environment_on_a_public_address_is_refused(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CDS_LOCAL_DEMO", "true")
    assert entry.main(["--host", "192.0.2.10"]) == 2
    assert not served
    assert "loopback" in capsys.readouterr().err


def test_authentication_without_a_trusted_issuer_is_refused(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert entry.main(["--host", "127.0.0.1"]) == 2
    assert not served
    assert "CDS_TRUSTED_ISSUERS" in capsys.readouterr().err


def test_invalid_settings_are_refused_with_the_reason(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CDS_PUBLIC_BASE_URL", "http://cds.example")
    monkeypatch.setenv("CDS_TRUSTED_ISSUERS", json.dumps([ISSUER]))
    assert entry.main(["--host", "0.0.0.0"]) == 2  # noqa: S104
    assert not served
    assert "public_base_url must be an https URL" in capsys.readouterr().err


def test_local_demo_serves_unauthenticated_on_loopback_and_says_so(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert entry.main(["--local-demo", "--port", "9000"]) == 0
    (call,) = served
    assert call["host"] == "127.0.0.1"
    assert call["log_config"] is None  # uvicorn logs through our JSON handler
    # but not its access lines: they quote the query string and the client address
    assert call["access_log"] is False
    assert call["app"].state.cds.verifier is None
    assert "UNAUTHENTICATED" in capsys.readouterr().out


def test_the_server_process_is_prepared_for_load(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Warm R4B validators, start-up heap frozen, a short interpreter-lock handover."""
    warmed: list[bool] = []
    monkeypatch.setattr(entry, "warm_up", lambda: warmed.append(True))
    assert entry.main(["--local-demo"]) == 0
    assert warmed == [True]
    assert sys.getswitchinterval() == entry.SWITCH_INTERVAL_S
    assert gc.get_freeze_count() > 0


def test_local_demo_on_the_ipv6_loopback_address(served: list[dict[str, Any]]) -> None:
    assert entry.main(["--local-demo", "--host", "::1"]) == 0
    assert served[0]["app"].state.cds.settings.base_url == "http://[::1]:8765"


def test_live_configuration_serves_with_authentication_and_json_logs(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CDS_PUBLIC_BASE_URL", "https://cds.hospital.example")
    monkeypatch.setenv("CDS_TRUSTED_ISSUERS", json.dumps([ISSUER]))
    monkeypatch.setenv("CDS_DATABASE_URL", "sqlite://")
    assert entry.main(["--host", "0.0.0.0"]) == 0  # noqa: S104
    (call,) = served
    assert call["app"].state.cds.verifier is not None
    captured = capsys.readouterr()
    assert "UNAUTHENTICATED" not in captured.out
    started = [json.loads(line) for line in captured.err.splitlines() if line.startswith("{")]
    assert {"message": "starting", "authentication": True}.items() <= started[-1].items()
    assert started[-1]["trusted_issuers"] == ["https://ehr.example"]


def test_a_malformed_local_policy_setting_stops_the_start_not_the_first_call(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hooks.spinal_metastases.policy import get_policy

    monkeypatch.setenv("CDS_SPINE_RECENT_MRI_DAYS", "twenty")
    get_policy.cache_clear()
    try:
        assert entry.main(["--local-demo"]) == 2
    finally:
        get_policy.cache_clear()
    assert served == []
    err = capsys.readouterr().err
    assert "invalid local-policy settings: recent_mri_days" in err
    assert "twenty" not in err
