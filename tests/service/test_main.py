"""`python -m service` refuses configurations that would expose patient data."""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import uvicorn
from fastapi import FastAPI

import service.__main__ as entry
from service.metrics import MULTIPROC_DIR_ENV
from service.startup import STARTUP_FAILURE

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
    assert "invalid local-policy settings: CDS_SPINE_RECENT_MRI_DAYS" in err
    assert "twenty" not in err


# --- settings checked before the first request (a first deployment cannot go silently wrong) --

TEST_ISSUER = {
    "iss": "https://sandbox.cds-hooks.org",
    "jwks_url": "https://sandbox.cds-hooks.org/.well-known/jwks.json",
    "test_only": True,
}


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err  # one line, not a traceback
    assert lines[0].startswith("python -m service: refusing to start: ")
    return lines[0]


def _log_lines(err: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


def test_a_loopback_public_url_on_a_public_bind_is_refused(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every EHR token's aud would name the URL it calls, never 127.0.0.1: only 401s."""
    monkeypatch.setenv("CDS_TRUSTED_ISSUERS", json.dumps([ISSUER]))
    assert entry.main(["--host", "0.0.0.0"]) == 2  # noqa: S104
    assert not served
    line = _one_line(capsys.readouterr().err)
    assert "CDS_PUBLIC_BASE_URL is http://127.0.0.1:8765, a loopback address" in line


def test_a_loopback_public_url_on_a_public_bind_is_allowed_for_test_issuers_only(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A local compose set-up: the sandbox calls http://localhost:8765 through a port mapping."""
    monkeypatch.setenv("CDS_TRUSTED_ISSUERS", json.dumps([TEST_ISSUER]))
    monkeypatch.setenv("CDS_DATABASE_URL", "sqlite://")
    assert entry.main(["--host", "0.0.0.0"]) == 0  # noqa: S104
    assert served
    monkeypatch.setenv("CDS_TRUSTED_ISSUERS", json.dumps([TEST_ISSUER, ISSUER]))
    assert entry.main(["--host", "0.0.0.0"]) == 2  # noqa: S104
    assert "a loopback address" in capsys.readouterr().err


def test_a_public_url_on_another_port_is_warned_about_unless_behind_a_proxy(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CDS_PUBLIC_BASE_URL", "https://cds.hospital.example")
    monkeypatch.setenv("CDS_TRUSTED_ISSUERS", json.dumps([ISSUER]))
    monkeypatch.setenv("CDS_DATABASE_URL", "sqlite://")
    assert entry.main(["--host", "0.0.0.0", "--port", "8765"]) == 0  # noqa: S104
    warnings = [line for line in _log_lines(capsys.readouterr().err) if line["level"] == "WARNING"]
    assert [w["message"][:60] for w in warnings] == [
        "CDS_PUBLIC_BASE_URL (https://cds.hospital.example) names por"
    ]
    assert "port 443" in warnings[0]["message"]
    assert "CDS_BEHIND_PROXY=true" in warnings[0]["message"]

    monkeypatch.setenv("CDS_BEHIND_PROXY", "true")
    assert entry.main(["--host", "0.0.0.0", "--port", "8765"]) == 0  # noqa: S104
    assert not [w for w in _log_lines(capsys.readouterr().err) if w["level"] == "WARNING"]
    monkeypatch.delenv("CDS_BEHIND_PROXY")
    monkeypatch.setenv("CDS_PUBLIC_BASE_URL", "https://cds.hospital.example:8765")
    assert entry.main(["--host", "0.0.0.0", "--port", "8765"]) == 0  # noqa: S104
    assert not [w for w in _log_lines(capsys.readouterr().err) if w["level"] == "WARNING"]


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        pytest.param("CDS_TRUSTED_ISSUERS", '[{"iss": ', "CDS_TRUSTED_ISSUERS", id="bad-json"),
        pytest.param(
            "CDS_CORS_ALLOWED_ORIGINS",
            "https://ehr.example",
            "CDS_CORS_ALLOWED_ORIGINS",
            id="not-json",
        ),
        pytest.param("CDS_FHIR_MAX_PAGES", "0", "CDS_FHIR_MAX_PAGES", id="out-of-range"),
        pytest.param(
            "CDS_TRUSTED_ISSUERS",
            json.dumps([{"iss": "https://ehr.example", "jwks_url": "http://ehr.example/k"}]),
            "CDS_TRUSTED_ISSUERS",
            id="plain-http-jwks",
        ),
        pytest.param(
            "CDS_CANONICAL_BASE_URL", "our-codes", "CDS_CANONICAL_BASE_URL", id="canonical"
        ),
    ],
)
def test_a_bad_setting_is_one_line_naming_its_variable(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    named: str,
) -> None:
    if variable != "CDS_TRUSTED_ISSUERS":
        monkeypatch.setenv("CDS_TRUSTED_ISSUERS", json.dumps([ISSUER]))
    monkeypatch.setenv(variable, value)
    assert entry.main([]) == 2
    assert not served
    assert named in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        pytest.param(
            "sqlite:////proc/no-such-dir/feedback.sqlite3",
            "could not be opened",
            id="sqlite-folder",
        ),
        pytest.param(
            "postgresql+psycopg://cds:s3cret-pw@127.0.0.1:1/cds",
            "CDS_DATABASE_URL (postgresql+psycopg://cds:***@127.0.0.1:1/cds)",
            id="postgres-down",
        ),
        pytest.param("not a url", "is not a database URL", id="not-a-url"),
    ],
)
def test_a_store_that_does_not_open_is_one_line_naming_the_database_url(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    url: str,
    said: str,
) -> None:
    monkeypatch.setenv("CDS_DATABASE_URL", url)
    assert entry.main(["--local-demo"]) == 2
    assert not served
    captured = capsys.readouterr()
    line = _one_line(captured.err)
    assert "CDS_DATABASE_URL" in line
    assert said in line
    assert "s3cret-pw" not in captured.err + captured.out


# --- operator basics: --version and a --help generated from the settings model ----------------


def test_version_prints_what_get_version_answers(capsys: pytest.CaptureFixture[str]) -> None:
    from hooks import SERVICES
    from service.version import version_info

    assert entry.main(["--version"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(version_info(SERVICES)))
    assert printed["cdsHooksVersion"] == "2.0"
    assert {g["kind"] for g in printed["guidelines"]} >= {"guideline", "review-article"}


def test_help_lists_every_setting_with_its_default(capsys: pytest.CaptureFixture[str]) -> None:
    from service.settings import Settings, TrustedIssuer

    with pytest.raises(SystemExit) as exited:
        entry.main(["--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for name, field in Settings.model_fields.items():
        assert f"CDS_{name.upper()}  (default: " in text, name
        assert field.description, f"{name} has no docstring, so --help cannot explain it"
    for name in TrustedIssuer.model_fields:
        assert f"    {name}  (default: " in text or name == "iss", name
    assert "CDS_CANONICAL_BASE_URL  (default: https://metastasis-cds.example/fhir)" in text
    assert "CDS_BEHIND_PROXY  (default: false)" in text


def test_migrate_brings_a_new_database_to_this_release_and_is_safe_to_repeat(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    from service.migrations import current_revision, head_revision

    url = f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    monkeypatch.setenv("CDS_DATABASE_URL", url)
    assert entry.main(["migrate"]) == 0
    assert (
        capsys.readouterr().out.strip()
        == f"database schema at revision {head_revision()} (was none)"
    )
    assert current_revision(url) == head_revision()
    assert entry.main(["migrate"]) == 0
    assert f"(was {head_revision()})" in capsys.readouterr().out
    assert not served  # migrate never serves


def test_migrate_against_a_database_that_does_not_open_is_one_line(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CDS_DATABASE_URL", "sqlite:////proc/no-such-dir/cds.sqlite3")
    assert entry.main(["migrate"]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1
    assert err[0].startswith("python -m service migrate: CDS_DATABASE_URL")


def test_a_local_value_set_file_with_a_filter_stops_the_start_in_one_line(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    from hooks import local_value_sets

    bad = tmp_path / "local.json"
    bad.write_text(
        json.dumps(
            {
                "resourceType": "ValueSet",
                "url": "https://metastasis-cds.example/fhir/ValueSet/primary-malignancy",
                "compose": {
                    "include": [
                        {
                            "system": "http://snomed.info/sct",
                            "filter": [{"property": "concept", "op": "is-a", "value": "363346000"}],
                        }
                    ]
                },
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("CDS_LOCAL_VALUE_SETS_FILE", str(bad))
    try:
        assert entry.main(["--local-demo"]) == 2
    finally:
        monkeypatch.delenv("CDS_LOCAL_VALUE_SETS_FILE")
        local_value_sets.load_configured()
    assert not served
    line = _one_line(capsys.readouterr().err)
    assert "CDS_LOCAL_VALUE_SETS_FILE" in line
    assert "filter" in line


# --- --workers N and the factory other servers load --------------------------------------------


class _Supervisor:
    """Stands in for uvicorn's Multiprocess: records what the workers would get."""

    seen: ClassVar[list[dict[str, Any]]] = []
    exitcodes: ClassVar[tuple[int | None, ...]] = (0, 0)

    def __init__(self, config: uvicorn.Config, sockets: list[Any]) -> None:
        self.config = config
        self.processes = [type("P", (), {"exitcode": code})() for code in self.exitcodes]

    def run(self) -> None:
        folder = os.environ[MULTIPROC_DIR_ENV]
        _Supervisor.seen.append(
            {
                "config": self.config,
                # The settings' variables the parent hands on (CI's own CDS_TESTS_* flags are
                # the test run's, not the service's).
                "environment": {
                    k: v
                    for k, v in os.environ.items()
                    if k.startswith("CDS_") and not k.startswith("CDS_TESTS_")
                },
                "metrics_dir": folder,
                "metrics_dir_existed": Path(folder).is_dir(),
            }
        )


@pytest.fixture
def supervised(served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> type[_Supervisor]:
    _Supervisor.seen = []
    _Supervisor.exitcodes = (0, 0)
    monkeypatch.setattr(entry, "Multiprocess", _Supervisor)
    monkeypatch.setattr(uvicorn.Config, "bind_socket", lambda self: None)
    return _Supervisor


def test_workers_run_the_factory_with_the_same_server_options(
    supervised: type[_Supervisor], served: list[dict[str, Any]]
) -> None:
    before = dict(os.environ)
    assert entry.main(["--local-demo", "--workers", "3", "--port", "9001"]) == 0
    assert not served  # no app built in the parent
    (run,) = supervised.seen
    config: uvicorn.Config = run["config"]
    assert (config.app, config.factory, config.workers) == ("service.app:factory", True, 3)
    assert (config.loop, config.http) == (entry.SERVER_LOOP, entry.SERVER_HTTP)
    assert config.log_config is None
    assert config.access_log is False
    assert config.timeout_graceful_shutdown == 5.0
    # --local-demo and --host reach the workers as the settings' own variables
    assert run["environment"] == {
        "CDS_BIND_HOST": "127.0.0.1",
        "CDS_LOCAL_DEMO": "true",
        "CDS_PUBLIC_BASE_URL": "http://127.0.0.1:9001",
    }
    assert run["metrics_dir_existed"]
    assert not Path(run["metrics_dir"]).exists()  # removed after the workers stopped
    assert dict(os.environ) == before


def test_a_worker_that_could_not_start_makes_the_exit_status_2(
    supervised: type[_Supervisor],
) -> None:
    supervised.exitcodes = (STARTUP_FAILURE, None)
    assert entry.main(["--local-demo", "--workers", "2"]) == 2


def test_workers_refuse_a_bad_configuration_in_the_parent_with_one_line(
    supervised: type[_Supervisor], capsys: pytest.CaptureFixture[str]
) -> None:
    assert entry.main(["--workers", "2"]) == 2
    assert not supervised.seen
    assert "CDS_TRUSTED_ISSUERS" in _one_line(capsys.readouterr().err)


def test_workers_must_be_one_or_more(supervised: type[_Supervisor]) -> None:
    with pytest.raises(SystemExit) as exited:
        entry.main(["--local-demo", "--workers", "0"])
    assert exited.value.code == 2


def test_the_factory_builds_the_served_app_from_the_environment(
    served: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.app import factory

    monkeypatch.setenv("CDS_LOCAL_DEMO", "true")
    monkeypatch.setenv("CDS_BIND_HOST", "127.0.0.1")
    monkeypatch.setenv("CDS_DATABASE_URL", "sqlite://")
    app = factory()
    assert app.state.cds.settings.local_demo
    assert sys.getswitchinterval() == entry.SWITCH_INTERVAL_S  # prepared as python -m service
    assert gc.get_freeze_count() > 0
    assert logging.getLogger().handlers[0].formatter.__class__.__name__ == "JsonFormatter"


@pytest.mark.parametrize(
    ("variables", "said"),
    [
        pytest.param({"CDS_LOCAL_DEMO": "true"}, "CDS_BIND_HOST", id="demo-bind-unknown"),
        pytest.param(
            {"CDS_LOCAL_DEMO": "true", "CDS_BIND_HOST": "192.0.2.10"}, "loopback", id="demo-public"
        ),
        pytest.param({"CDS_TRUSTED_ISSUERS": json.dumps([ISSUER])}, "loopback", id="aud-fails"),
        pytest.param(
            {"CDS_LOCAL_DEMO": "true", "CDS_BIND_HOST": "::1", "CDS_SPINE_RECENT_MRI_DAYS": "x"},
            "CDS_SPINE_RECENT_MRI_DAYS",
            id="local-policy",
        ),
        pytest.param(
            {
                "CDS_LOCAL_DEMO": "true",
                "CDS_BIND_HOST": "127.0.0.1",
                "CDS_DATABASE_URL": "sqlite:////proc/no-such-dir/x.sqlite3",
            },
            "CDS_DATABASE_URL",
            id="store",
        ),
    ],
)
def test_a_factory_that_must_not_serve_is_one_line_and_exit_status_3(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variables: dict[str, str],
    said: str,
) -> None:
    from hooks.spinal_metastases.policy import get_policy
    from service.app import factory

    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    get_policy.cache_clear()
    try:
        with pytest.raises(SystemExit) as exited:
            factory()
    finally:
        get_policy.cache_clear()
    assert exited.value.code == STARTUP_FAILURE == 3
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("service.app:factory: refusing to start: ")
    assert said in lines[0]
