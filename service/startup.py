"""What `python -m service` checks before it serves its first request.

A first deployment must not go silently wrong: a setting that cannot work (a loopback public
URL on a public bind, so that every EHR token's `aud` fails; invalid JSON in an environment
variable; a database that does not open) stops the start with one line that names the
environment variable and the fix, and exit code 2, instead of a traceback or a service that can
only answer 401. Settings that may be right but often are not (a public URL whose port is not
the one we listen on, outside a proxy) are logged as a warning at start.

The same checks and the same process preparation run wherever the app is built: in
`python -m service`, in each of its `--workers`, and in `service.app:factory` under another
server (`uvicorn --factory`, gunicorn with uvicorn workers). A worker that must not serve
prints its one line and exits with STARTUP_FAILURE, which makes either server stop instead of
starting the worker again and again.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from fastapi import FastAPI
from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from service import metrics
from service.logging_json import configure_logging
from service.migrations import SchemaProblem
from service.settings import Settings, TrustedIssuer, is_loopback_host

ENV_PREFIX = "CDS_"
# uvicorn's exit code for a worker that could not start (it then stops the parent rather than
# start the worker again); gunicorn's WORKER_BOOT_ERROR is the same 3.
STARTUP_FAILURE: Final = 3
# See prepare_process.
SWITCH_INTERVAL_S: Final = 0.0005
# How the factory names itself in its one line, as `python -m service` does.
FACTORY_PROGRAM: Final = "service.app:factory"
# What the checks assume when the server did not say where it listens (CDS_BIND_HOST unset).
UNKNOWN_BIND: Final = "an address other machines may reach (CDS_BIND_HOST unset)"

log = logging.getLogger("service.startup")
_T = TypeVar("_T")


class StartRefused(Exception):
    """The service must not start; the message is the one line the operator reads."""


def env_name(field: str, prefix: str = ENV_PREFIX) -> str:
    """The environment variable of a settings field: `public_base_url` → `CDS_PUBLIC_BASE_URL`."""
    return f"{prefix}{field.upper()}"


def _prefix_of(model_name: str) -> str:
    """The env prefix of the settings class a ValidationError came from (the guideline packages'
    local-policy classes have their own, e.g. `CDS_SPINE_`), found without naming any of them."""
    pending: list[type[BaseSettings]] = [BaseSettings]
    while pending:
        cls = pending.pop()
        if cls.__name__ == model_name:
            return str(cls.model_config.get("env_prefix") or "")
        pending.extend(cls.__subclasses__())
    return ENV_PREFIX


def _location(loc: Sequence[int | str], prefix: str) -> str:
    """`("trusted_issuers", 0, "jwks_url")` → `CDS_TRUSTED_ISSUERS[0].jwks_url`."""
    if not loc:
        return "settings"
    text = env_name(str(loc[0]), prefix)
    for part in loc[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def validation_problems(exc: ValidationError) -> str:
    """The failing settings by variable name and why, never their values (they may be secrets)."""
    prefix = _prefix_of(exc.title)
    return "; ".join(f"{_location(e['loc'], prefix)}: {e['msg']}" for e in exc.errors())


def _unparsable_variable(exc: SettingsError) -> str:
    """pydantic-settings says `error parsing value for field "x" from source ...`: name x's variable."""
    text = str(exc)
    if 'field "' in text:
        field = text.split('field "', 1)[1].split('"', 1)[0]
        return env_name(field)
    return "a CDS_* variable"


def load_settings(overrides: dict[str, Any]) -> Settings:
    """The settings from the environment (and `.env`), or StartRefused with one line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise StartRefused(f"invalid settings: {validation_problems(exc)}") from None
    except SettingsError as exc:
        variable = _unparsable_variable(exc)
        raise StartRefused(
            f"{variable} could not be read: list and object settings are JSON, e.g. "
            'CDS_TRUSTED_ISSUERS=\'[{"iss": "https://ehr.example", "jwks_url": '
            '"https://ehr.example/jwks"}]\' (see README "Configuration")'
        ) from None


def startup_problem(settings: Settings, host: str) -> str | None:
    """Why this configuration must not serve on `host`, or None when it may."""
    if settings.local_demo and not is_loopback_host(host):
        return (
            f"local demo mode is unauthenticated and may only listen on a loopback address "
            f"(127.0.0.1, ::1, localhost), not {host}. Configure CDS_TRUSTED_ISSUERS and drop "
            "--local-demo to serve other machines."
        )
    if not settings.local_demo and not settings.trusted_issuers:
        return (
            "authentication is on but no EHR is trusted: set CDS_TRUSTED_ISSUERS (a JSON list of "
            '{"iss": ..., "jwks_url": ..., "fhir_servers": [...]}), see README "Going live"; '
            "for a demo on this machine use `make serve` (--local-demo)."
        )
    if (
        settings.auth_required
        and not is_loopback_host(host)
        and is_loopback_host(settings.public_base_url.host)
        and not all(issuer.test_only for issuer in settings.trusted_issuers)
    ):
        return (
            f"CDS_PUBLIC_BASE_URL is {settings.base_url}, a loopback address, but the service "
            f"listens on {host} for other machines: every EHR token's aud would name the URL "
            "the EHR calls and fail. Set CDS_PUBLIC_BASE_URL to that https URL (the proxy's), "
            'see README "Going live".'
        )
    return None


def checked_settings(
    overrides: dict[str, Any],
    problem_of: Callable[[Settings], str | None],
    warm_up: Callable[[], None],
) -> Settings:
    """The settings, if `problem_of` finds no reason not to serve; else StartRefused, one line.

    `problem_of` is `startup_problem` on the address we listen on (or `worker_problem`).
    `warm_up` (the guidelines' `hooks.warm_up`) reads their local-policy settings, so that a
    malformed one stops the start rather than the first call, and builds the R4B validators.
    """
    settings = load_settings(overrides)
    problem = problem_of(settings)
    if problem is not None:
        raise StartRefused(problem)
    try:
        warm_up()
    except ValidationError as exc:
        raise StartRefused(f"invalid local-policy settings: {validation_problems(exc)}") from None
    except ValueError as exc:
        # The guidelines' own one-line refusals (hooks.LocalValueSetError: an operator's
        # value-set file we will not read); after ValidationError, which is a ValueError too.
        raise StartRefused(str(exc)) from None
    return settings


def opened(build: Callable[[], _T], database_url: str) -> _T:
    """`build()` (the app, or the store alone), with a store that does not open as StartRefused.

    The store opens (and a SQLite one migrates itself) when the app is built: a database that
    does not open is a refusal to start, not a traceback and not a service that fails its
    first feedback.
    """
    try:
        return build()
    except SchemaProblem as exc:  # PostgreSQL not at this release's revision: migrate first
        raise StartRefused(str(exc)) from None
    except (SQLAlchemyError, ImportError, OSError) as exc:
        raise StartRefused(database_problem(exc, database_url)) from None


def prepare_process() -> None:
    """Interpreter settings for a long-running server, applied just before it serves.

    What start-up built lives as long as the process: frozen out of the collector's sight,
    the full collections that stall a request (and set the p99) have far less to walk. The
    audit writer's thread waits for the interpreter lock at every handover; at the default
    5 ms a busy event loop let it write 200 records in 1.7 s, fewer than the calls answered,
    until records were dropped; 0.5 ms keeps it ahead (make bench).
    """
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def worker_problem(settings: Settings) -> str | None:
    """`startup_problem` for a worker whose server does not say where it listens.

    `CDS_BIND_HOST` says it (`python -m service` sets it for its workers); unset, the checks
    assume an address other machines reach, so local demo mode is refused outright.
    """
    if settings.bind_host is None and settings.local_demo:
        return (
            "local demo mode is unauthenticated and may only listen on a loopback address, and "
            "this server does not tell the app where it listens: set CDS_BIND_HOST=127.0.0.1 "
            "beside the server's own --host 127.0.0.1, or run `python -m service --local-demo`."
        )
    return startup_problem(settings, settings.bind_host or UNKNOWN_BIND)


def worker_app(build: Callable[[Settings], FastAPI], warm_up: Callable[[], None]) -> FastAPI:
    """The app one worker serves: settings from the environment, `python -m service`'s checks.

    `build` makes the app for the settings (`service.app.factory` passes `create_app` with every
    guideline's services): this module does not import the app, which imports it.

    Then our JSON logging (in this process: a spawned or forked worker has none of its
    parent's handlers), and the process preparation, as `python -m service` does before it
    serves. A configuration that must not serve is one line on stderr and SystemExit with
    STARTUP_FAILURE, never an app.
    """
    try:
        settings = checked_settings({}, worker_problem, warm_up)
        app = opened(lambda: build(settings), settings.database_url)
    except StartRefused as refused:
        print(f"{FACTORY_PROGRAM}: refusing to start: {refused}", file=sys.stderr, flush=True)  # noqa: T201
        raise SystemExit(STARTUP_FAILURE) from None
    configure_logging(settings.log_level)
    folder = metrics.multiprocess_dir()
    if folder is not None:
        metrics.forget_dead_workers(folder)
    log.info(
        "worker started",
        extra={
            "pid": os.getpid(),
            "authentication": settings.auth_required,
            "metrics": "multiprocess" if folder else "process",
        },
    )
    prepare_process()
    return app


def worker_environment(overrides: dict[str, Any], host: str) -> dict[str, str]:
    """The `CDS_*` variables that give `--workers` what the command line gave the parent.

    A worker reads its settings from the environment only (the factory takes no argument), so
    `--local-demo`'s settings and `--host` travel as the variables of the same settings.
    """
    environment = {env_name("bind_host"): host}
    for field, value in overrides.items():
        environment[env_name(field)] = str(value).lower() if isinstance(value, bool) else str(value)
    return environment


def startup_warnings(settings: Settings, port: int) -> list[str]:
    """What may be right but usually is a mistake: logged at start, never refused."""
    warnings = []
    public_port = settings.public_base_url.port
    if not settings.local_demo and not settings.behind_proxy and public_port != port:
        warnings.append(
            f"CDS_PUBLIC_BASE_URL ({settings.base_url}) names port {public_port} but the service "
            f"listens on port {port}: EHR tokens' aud must name the public URL. Behind a proxy "
            "that forwards to this port, set CDS_BEHIND_PROXY=true; otherwise correct the URL."
        )
    return warnings


def database_problem(exc: Exception, database_url: str) -> str:
    """One line for a store that does not open: the URL without its password, the cause, the fix."""
    try:
        shown = make_url(database_url).render_as_string(hide_password=True)
    except ArgumentError:
        return (
            "CDS_DATABASE_URL is not a database URL: use e.g. sqlite:///var/cds-feedback.sqlite3 "
            "or postgresql+psycopg://user:password@host:5432/cds"
        )
    if isinstance(exc, ModuleNotFoundError):
        return (
            f"CDS_DATABASE_URL ({shown}) needs the Python driver {exc.name!r}, which is not "
            "installed: install it in this environment, or use a sqlite:/// URL"
        )
    cause = getattr(exc, "orig", None) or exc
    first_line = (str(cause).strip().splitlines() or [""])[0][:200]
    kind = "database" if isinstance(exc, SQLAlchemyError) else "database file"
    return (
        f"CDS_DATABASE_URL ({shown}): the {kind} could not be opened "
        f"({type(cause).__name__}: {first_line}); check that the server is reachable and "
        "`python -m service migrate` has run (PostgreSQL), or that the folder of a SQLite file "
        "exists and is writable"
    )


def _default_text(default: Any) -> str:
    if default is None:
        return "unset"
    if isinstance(default, tuple):
        return "[" + ", ".join(f'"{item}"' for item in default) + "]"
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)


def settings_help() -> str:
    """Every setting with its default and meaning, from the Settings model itself (never a copy
    that drifts): the epilog of `python -m service --help`."""
    lines = ["settings (environment variables, or .env):"]
    for name, field in Settings.model_fields.items():
        description = " ".join((field.description or "").split())
        if field.is_required():
            continue  # only TrustedIssuer has required members
        lines.append(f"  {env_name(name)}  (default: {_default_text(field.default)})")
        lines.append(f"      {description}")
    lines.append("  each CDS_TRUSTED_ISSUERS entry (a JSON object) has:")
    for name, field in TrustedIssuer.model_fields.items():
        description = " ".join((field.description or "").split())
        lines.append(f"    {name}  (default: {_default_text(field.default)}): {description}")
    lines.append(
        "  Local-policy settings of the guidelines (CDS_SPINE_*, CDS_BRAIN_*, CDS_LIVER_*, "
        "CDS_IO_*): docs/local-policy.md."
    )
    return "\n".join(lines)
