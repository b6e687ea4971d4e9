"""The container recipe runs what the code serves: Dockerfile and compose.yaml cannot drift.

Docker cannot build here, so the Dockerfile's own CMD and HEALTHCHECK are parsed and run as
they are, outside a container, with a test configuration; compose.yaml's migrate job must be
the CLI's `migrate`, and every `CDS_*` variable it sets must be a setting the code reads.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import httpx
import yaml  # type: ignore[import-untyped]  # PyYAML (dev extra) ships no type stubs

from service.settings import Settings
from service.startup import env_name
from tests.service.server_process import (
    REPO,
    START_TIMEOUT_S,
    clean_environment,
    free_port,
    serving,
)
from tests.service.test_auth import hook_request
from tests.service.tokens import es384_key, jwks

DOCKERFILE = REPO / "Dockerfile"
COMPOSE = REPO / "compose.yaml"


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments left out."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            instruction, _, arguments = stripped.partition(" ")
            found.append((instruction.upper(), arguments.strip()))
    return found


def _final_stage() -> list[tuple[str, str]]:
    instructions = _instructions()
    last_from = max(i for i, (name, _) in enumerate(instructions) if name == "FROM")
    return instructions[last_from:]


def _exec_form(arguments: str) -> list[str]:
    command = json.loads(arguments)
    assert isinstance(command, list), "CMD and HEALTHCHECK use the exec (JSON) form"
    return [str(part) for part in command]


def _cmd() -> list[str]:
    (cmd,) = [args for name, args in _final_stage() if name == "CMD"]
    assert not [name for name, _ in _final_stage() if name == "ENTRYPOINT"]
    return _exec_form(cmd)


def _healthcheck() -> list[str]:
    (check,) = [args for name, args in _final_stage() if name == "HEALTHCHECK"]
    options, _, command = check.partition(" CMD ")
    assert "--timeout=" in options
    return _exec_form(command)


def _image_variables() -> dict[str, str]:
    variables: dict[str, str] = {}
    for name, args in _final_stage():
        if name == "ENV":
            for pair in args.split():
                key, equals, value = pair.partition("=")
                if equals:
                    variables[key] = value
    return variables


def test_the_image_is_pinned_slim_non_root_and_installs_the_postgres_driver() -> None:
    stages = [args for name, args in _instructions() if name == "FROM"]
    for stage in stages:
        assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+( AS \w+)?", stage), stage
    users = [args for name, args in _final_stage() if name == "USER"]
    assert users
    assert users[-1].split(":")[0] not in ("root", "0")
    runs = " ".join(args for name, args in _final_stage() if name == "RUN")
    assert "[postgres]" in runs
    assert _cmd()[-1].startswith("exec python -m service --host ")
    assert "--workers" in _cmd()[-1]


def test_the_dockerfile_command_serves_with_workers_and_its_healthcheck_says_ready(
    tmp_path: Path,
) -> None:
    port = free_port()
    key = es384_key("container-key-1")
    keys = tmp_path / "jwks.json"
    keys.write_text(json.dumps(jwks(key)), encoding="utf-8")
    environment = clean_environment(
        **{
            **_image_variables(),
            # The test configuration: on loopback, authenticated, a SQLite file.
            "CDS_HOST": "127.0.0.1",
            "CDS_PORT": str(port),
        },
        CDS_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        CDS_TRUSTED_ISSUERS=json.dumps([{"iss": "https://ehr.example", "jwks_file": str(keys)}]),
        CDS_DATABASE_URL=f"sqlite:///{tmp_path / 'cds.sqlite3'}",
    )
    check = _healthcheck()

    def healthy() -> int:
        return subprocess.run(  # noqa: S603 - the Dockerfile's own command
            check, env=environment, cwd=tmp_path, capture_output=True, timeout=30, check=False
        ).returncode

    assert healthy() != 0  # nothing listens yet
    with serving(_cmd(), environment, tmp_path, port) as server:
        assert healthy() == 0
        assert httpx.post(server.url + "/cds-services/x", json=hook_request()).status_code == 401
        assert server.stop() == 0
    lines = server.log_lines()
    assert len([line for line in lines if line["message"] == "worker started"]) == 2
    assert next(line for line in lines if line["message"] == "starting")["authentication"]
    assert healthy() != 0


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def test_compose_migrates_with_the_clis_command_before_the_service_starts(
    tmp_path: Path,
) -> None:
    services = _compose()["services"]
    command = services["migrate"]["command"]
    assert command == ["python", "-m", "service", "migrate"]
    assert services["cds"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert services["migrate"]["depends_on"]["postgres"] == {"condition": "service_healthy"}
    assert "command" not in services["cds"]  # the Dockerfile's CMD
    migrated = subprocess.run(  # noqa: S603 - compose.yaml's own command
        command,
        env=clean_environment(CDS_DATABASE_URL=f"sqlite:///{tmp_path / 'cds.sqlite3'}"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout.startswith("database schema at revision ")


def test_compose_sets_only_settings_the_code_reads_and_stops_gracefully() -> None:
    services = _compose()["services"]
    known = {env_name(field) for field in Settings.model_fields} | set(_image_variables())
    for name in ("migrate", "cds"):
        for variable in services[name]["environment"]:
            if variable.startswith("CDS_"):
                assert variable in known, f"{name}: {variable} is no setting"
    cds = services["cds"]
    grace = int(str(cds["stop_grace_period"]).removesuffix("s"))
    assert grace > float(cds["environment"]["CDS_SHUTDOWN_TIMEOUT_S"])
    assert cds["ports"] == ["127.0.0.1:8765:8765"]
