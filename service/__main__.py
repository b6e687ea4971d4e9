"""`python -m service --host H --port P`: run the service with uvicorn (uvloop + httptools)."""

from __future__ import annotations

import argparse
import ipaddress

import uvicorn

from hooks import SERVICES, published_resources
from service.app import create_app
from service.settings import Settings


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--local-demo",
        action="store_true",
        help="unauthenticated local demo mode (loopback addresses only)",
    )
    args = parser.parse_args(argv)
    overrides: dict[str, object] = {}
    if args.local_demo:
        overrides["local_demo"] = True
        overrides.setdefault("public_base_url", f"http://{args.host}:{args.port}")
    settings = Settings(**overrides)  # type: ignore[arg-type]
    if settings.local_demo and not _is_loopback(args.host):
        return 2
    base = f"http://{args.host}:{args.port}"
    if settings.local_demo:
        print(  # noqa: T201
            "\n*** LOCAL DEMO MODE: UNAUTHENTICATED, for this machine only ***\n"
            f"    discovery: {base}/cds-services\n",
            flush=True,
        )
    app = create_app(settings, SERVICES, published=published_resources)
    uvicorn.run(
        app, host=args.host, port=args.port, loop="uvloop", http="httptools", log_level="info"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
