"""`python -m service --host H --port P [--workers N]`: run the service with uvicorn (uvloop +
httptools).

It refuses to start in a configuration that would expose patient data: unauthenticated on an
address other machines can reach, or authenticated with nobody trusted to call it. With
`--workers N` the parent checks the configuration once, then N worker processes share the
port, each building the app with `service.app:factory` and the same checks.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

import orjson
import uvicorn
from sqlalchemy.exc import SQLAlchemyError
from uvicorn.supervisors import Multiprocess

from hooks import SERVICES, published_resources, warm_up
from service.app import create_app
from service.cds.contract import CDSService
from service.logging_json import configure_logging
from service.metrics import MULTIPROC_DIR_ENV
from service.migrations import SchemaProblem, current_revision, head_revision, migrate
from service.settings import Settings, is_loopback_host
from service.startup import (
    FACTORY_PROGRAM,
    STARTUP_FAILURE,
    SWITCH_INTERVAL_S,
    StartRefused,
    checked_settings,
    database_problem,
    load_settings,
    opened,
    prepare_process,
    settings_help,
    startup_problem,
    startup_warnings,
    worker_environment,
)
from service.store import FeedbackStore
from service.version import version_info
from service.viewer import is_enabled as viewer_enabled

log = logging.getLogger("service.main")

# The server settings, chosen on measurements (../shared/performance-notes.md, bench/): uvloop
# and httptools answer in about half the time of plain asyncio + h11, and plain asyncio with
# several workers adds ~44 ms a request. The benchmark's framework ceiling runs on the same two.
SERVER_LOOP: Final = "uvloop"
# httptools with a deadline for request headers (service/server_protocol.py).
SERVER_HTTP: Final = "service.server_protocol:HttpToolsWithHeaderTimeout"
# Seconds an idle keep-alive connection stays open: uvicorn's default, chosen, not inherited;
# below the usual 60 s of a proxy's upstream keep-alive, the proxy reconnects when we close.
KEEP_ALIVE_TIMEOUT_S: Final = 5
# What uvicorn's workers import and call: the import string its multi-process mode needs.
FACTORY: Final = FACTORY_PROGRAM
__all__ = ["SERVER_HTTP", "SERVER_LOOP", "SWITCH_INTERVAL_S", "main", "prepare_process"]


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
        "--workers",
        type=int,
        default=1,
        help="worker processes sharing the port (default 1). Each has its own event loop, audit "
        "queue and JWKS cache; feedback, the audit trail and the jti replay guard are shared "
        "through CDS_DATABASE_URL (PostgreSQL for more than one instance)",
    )
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
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    if args.workers > 1 and services is not SERVICES:
        parser.error("--workers serves every guideline's services (service.app:factory)")
    if args.local_demo and not is_loopback_host(args.host):
        return _refuse(startup_problem(Settings(local_demo=True), args.host) or "")
    overrides: dict[str, object] = {}
    if args.local_demo:
        overrides["local_demo"] = True
        host = f"[{args.host}]" if ":" in args.host else args.host  # an IPv6 literal
        overrides["public_base_url"] = f"http://{host}:{args.port}"
    try:
        settings = checked_settings(overrides, lambda s: startup_problem(s, args.host), warm_up)
        if args.workers == 1:
            app = opened(
                lambda: create_app(settings, services, published=published_resources),
                settings.database_url,
            )
        else:
            # Each worker opens its own; the parent only proves that it opens (and migrates a
            # SQLite file once, before the workers race to).
            opened(lambda: FeedbackStore(settings.database_url), settings.database_url).close()
    except StartRefused as refused:
        return _refuse(str(refused))
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
            "workers": args.workers,
        },
    )
    if args.workers > 1:
        return _serve_workers(args.host, args.port, args.workers, settings, overrides)
    prepare_process()
    uvicorn.run(app, host=args.host, port=args.port, **server_options(settings))
    return 0


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options, the same for one process and for each of N workers."""
    return {
        "loop": SERVER_LOOP,
        "http": SERVER_HTTP,
        # Our JSON handler, set up by us in this process and by the factory in each worker.
        "log_config": None,
        "log_level": settings.log_level.lower(),
        # The access line quotes the query string and the client address; our own line per
        # hook call, discovery and feedback carries the facts without them.
        "access_log": False,
        # SIGTERM: stop accepting, let calls in flight finish (this long at most), then the
        # lifespan writes out the audit queue and closes the store.
        "timeout_graceful_shutdown": settings.shutdown_timeout_s,
        "timeout_keep_alive": KEEP_ALIVE_TIMEOUT_S,
        # Beyond this many connections and requests in flight a process answers 503 at once,
        # rather than queueing work until every caller times out.
        "limit_concurrency": settings.max_connections,
    }


@contextmanager
def _worker_environment(variables: dict[str, str]) -> Iterator[None]:
    """`variables` in os.environ while the workers run (they inherit it), as before after.

    With them a metrics folder for prometheus_client's multi-process mode: made here, before
    any worker imports prometheus_client, and removed when the last worker has stopped.
    """
    folder = tempfile.mkdtemp(prefix="cds-metrics-")
    log.info("metrics of the workers", extra={"metrics_dir": folder})
    added = {**variables, MULTIPROC_DIR_ENV: folder}
    before = {name: os.environ.get(name) for name in added}
    os.environ.update(added)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(folder, ignore_errors=True)


def _serve_workers(
    host: str, port: int, workers: int, settings: Settings, overrides: dict[str, object]
) -> int:
    """uvicorn's supervisor with `workers` processes on one socket; 2 when one could not start.

    uvicorn.run does the same but cannot say whether a worker refused to start: then it stops
    all of them and returns as after a clean stop. SIGTERM to this process stops each worker
    gracefully (server_options).
    """
    with _worker_environment(worker_environment(overrides, host)):
        config = uvicorn.Config(
            FACTORY, factory=True, host=host, port=port, workers=workers, **server_options(settings)
        )
        supervisor = Multiprocess(config, sockets=[config.bind_socket()])
        supervisor.run()
    if any(process.exitcode == STARTUP_FAILURE for process in supervisor.processes):
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
