"""What `python -m service` checks before it serves its first request.

A first deployment must not go silently wrong: a setting that cannot work (a loopback public
URL on a public bind, so that every EHR token's `aud` fails; invalid JSON in an environment
variable; a database that does not open) stops the start with one line that names the
environment variable and the fix, and exit code 2, instead of a traceback or a service that can
only answer 401. Settings that may be right but often are not (a public URL whose port is not
the one we listen on, outside a proxy) are logged as a warning at start.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from service.settings import Settings, TrustedIssuer, is_loopback_host

ENV_PREFIX = "CDS_"


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
