"""`python -m service --host H --port P`: run the service with uvicorn (uvloop + httptools).

It refuses to start in a configuration that would expose patient data: unauthenticated on an
address other machines can reach, or authenticated with nobody trusted to call it.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Sequence
from typing import Final

import orjson
import uvicorn
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from hooks import SERVICES, LocalValueSetError, published_resources, warm_up
from service.app import create_app
from service.cds.contract import CDSService
from service.logging_json import configure_logging
from service.migrations import SchemaProblem, current_revision, head_revision, migrate
from service.settings import Settings, is_loopback_host
from service.startup import (
    StartRefused,
    database_problem,
    load_settings,
    settings_help,
    startup_problem,
    startup_warnings,
    validation_problems,
)
from service.version import version_info
from service.viewer import is_enabled as viewer_enabled

log = logging.getLogger("service.main")

# The server settings, chosen on measurements (../shared/performance-notes.md, bench/): uvloop
# and httptools answer in about half the time of plain asyncio + h11, and plain asyncio with
# several workers adds ~44 ms a request. The benchmark's framework ceiling runs on the same two.
SERVER_LOOP: Final = "uvloop"
SERVER_HTTP: Final = "httptools"
SWITCH_INTERVAL_S: Final = 0.0005


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


def _refuse(message: str) -> int:
    print(f"python -m service: refusing to start: {message}", file=sys.stderr)  # noqa: T201
    return 2


def _migrate() -> int:
    """`python -m service migrate`: the schema of CDS_DATABASE_URL at this release's revision."""
    try:
        settings = load_settings({})
    except StartRefused as refused:
        return _refuse(str(refused))
    try:
        before = current_revision(settings.database_url)
        migrate(settings.database_url)
    except SchemaProblem as exc:
        print(f"python -m service migrate: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    except (SQLAlchemyError, ImportError, OSError) as exc:
        problem = database_problem(exc, settings.database_url)
        print(f"python -m service migrate: {problem}", file=sys.stderr)  # noqa: T201
        return 2
    print(f"database schema at revision {head_revision()} (was {before or 'none'})")  # noqa: T201
    return 0


def main(argv: list[str] | None = None, services: Sequence[CDSService] = SERVICES) -> int:
    """Serve `services` (every guideline's; the benchmark passes its own instrument)."""
    parser = argparse.ArgumentParser(
        prog="python -m service",
        description=__doc__,
        epilog=settings_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=["serve", "migrate"],
        default="serve",
        help="serve (default), or migrate: bring CDS_DATABASE_URL's schema to this release, "
        "then exit (run once per release, before the replicas start)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on")
    parser.add_argument(
        "--version",
        action="store_true",
        help="print the version, git commit, CDS Hooks version and guidelines, and exit",
    )
    parser.add_argument(
        "--local-demo",
        action="store_true",
        help="unauthenticated local demo mode (loopback addresses only)",
    )
    args = parser.parse_args(argv)
    if args.version:
        print(orjson.dumps(version_info(services), option=orjson.OPT_INDENT_2).decode())  # noqa: T201
        return 0
    if args.command == "migrate":
        return _migrate()
    if args.local_demo and not is_loopback_host(args.host):
        return _refuse(startup_problem(Settings(local_demo=True), args.host) or "")
    overrides: dict[str, object] = {}
    if args.local_demo:
        overrides["local_demo"] = True
        host = f"[{args.host}]" if ":" in args.host else args.host  # an IPv6 literal
        overrides["public_base_url"] = f"http://{host}:{args.port}"
    try:
        settings = load_settings(overrides)
    except StartRefused as refused:
        return _refuse(str(refused))
    problem = startup_problem(settings, args.host)
    if problem is not None:
        return _refuse(problem)
    try:
        warm_up()
    except ValidationError as exc:
        return _refuse(f"invalid local-policy settings: {validation_problems(exc)}")
    except LocalValueSetError as exc:  # after ValidationError, which is a ValueError too
        return _refuse(str(exc))
    # The store opens (and creates its tables) here: a database that does not open is a
    # refusal to start, not a traceback and not a service that fails its first feedback.
    try:
        app = create_app(settings, services, published=published_resources)
    except SchemaProblem as exc:  # PostgreSQL not at this release's revision: migrate first
        return _refuse(str(exc))
    except (SQLAlchemyError, ImportError, OSError) as exc:
        return _refuse(database_problem(exc, settings.database_url))
    configure_logging(settings.log_level)
    if settings.local_demo:
        print(  # noqa: T201
            "\n*** LOCAL DEMO MODE: UNAUTHENTICATED, for this machine only ***\n"
            f"    discovery: {settings.base_url}/cds-services\n",
            flush=True,
        )
    if viewer_enabled(settings):
        print(f"    card viewer: {settings.base_url}/viewer\n", flush=True)  # noqa: T201
    for issuer in settings.trusted_issuers:
        if issuer.test_only:
            log.warning(
                "trusting a test issuer whose signing key is public: not for patient data",
                extra={"issuer": issuer.iss},
            )
    for warning in startup_warnings(settings, args.port):
        log.warning(warning)
    log.info(
        "starting",
        extra={
            "authentication": settings.auth_required,
            "trusted_issuers": [i.iss for i in settings.trusted_issuers],
            "public_base_url": settings.base_url,
        },
    )
    prepare_process()
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        loop=SERVER_LOOP,
        http=SERVER_HTTP,
        log_config=None,
        log_level=settings.log_level.lower(),
        # The access line quotes the query string and the client address; our own line per
        # hook call, discovery and feedback carries the facts without them.
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
