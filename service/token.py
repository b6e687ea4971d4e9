"""`python -m service.token --aud URL`: print a 60-second JWT signed with the viewer's key.

For an engineer's `curl -H "Authorization: Bearer $(make -s token AUD=URL)" URL` against this
service. The token is the viewer's own (`service.viewer.signing.ViewerSigner`): ES384, issuer
`{CDS_PUBLIC_BASE_URL}/viewer`, a fresh `jti`, for one of this service's CDS endpoints only. It is
accepted only where an operator trusts the viewer's issuer, so it grants nothing the viewer page
does not. It signs with no other key than the configured viewer key and exits 2 with one line
(on stderr) on any error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError
from pydantic_settings import SettingsError

from hooks import SERVICES
from service.settings import Settings
from service.viewer.signing import SigningKeyError, ViewerSigner, load_key

PROG = "python -m service.token"
# Where `make viewer-key` writes the key, used when CDS_VIEWER_SIGNING_KEY_FILE is unset.
DEFAULT_KEY_FILE = Path("var/viewer-signing-key.pem")


class TokenRefused(ValueError):
    """No token for this request: the message says why, in one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise TokenRefused(message)


def viewer_key_file(settings: Settings) -> Path:
    """The viewer's key as the settings name it (the `make viewer-key` file when unset)."""
    return settings.viewer_signing_key_file or DEFAULT_KEY_FILE


def mint(
    settings: Settings,
    audience: str,
    service_ids: Iterable[str],
    now: datetime,
    key_file: Path | None = None,
) -> str:
    """The viewer's token for `audience`, one of this service's own CDS endpoint URLs.

    `key_file`, when given, must be the configured viewer key file itself.
    """
    configured = viewer_key_file(settings)
    if key_file is not None and key_file.resolve() != configured.resolve():
        raise TokenRefused(
            f"{key_file} is not the viewer's signing key ({configured}, "
            "CDS_VIEWER_SIGNING_KEY_FILE); no other key signs these tokens"
        )
    if not configured.is_file():
        raise TokenRefused(
            f"no viewer signing key at {configured}: run `make viewer-key` or set "
            "CDS_VIEWER_SIGNING_KEY_FILE"
        )
    signer = ViewerSigner(load_key(configured), str(settings.public_base_url))
    base = settings.base_url
    path = audience[len(base) :] if audience.startswith(base) else None
    if path is None or signer.audience(path, set(service_ids)) != audience:
        raise TokenRefused(
            f"aud {audience!r} is not one of this service's CDS endpoints: {base}/cds-services, "
            f"{base}/cds-services/{{id}} or {base}/cds-services/{{id}}/feedback"
        )
    return signer.token(audience, now)


def _problems(exc: ValidationError) -> str:
    """The failing settings and why, never their values (which may be secrets)."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors()
    )


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog=PROG, description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--aud", required=True, help="the CDS endpoint URL the token is for")
    parser.add_argument(
        "--key",
        type=Path,
        help="the viewer's key file; refused unless it is CDS_VIEWER_SIGNING_KEY_FILE's",
    )
    try:
        args = parser.parse_args(argv)
        settings = Settings()
        token = mint(settings, args.aud, (s.id for s in SERVICES), datetime.now(UTC), args.key)
    except ValidationError as exc:
        return _refuse(f"invalid settings: {_problems(exc)}")
    except SettingsError as exc:  # e.g. a JSON setting that is not JSON; never quotes the value
        return _refuse(f"invalid settings: {exc}")
    except (TokenRefused, SigningKeyError) as exc:
        return _refuse(str(exc))
    print(token)  # noqa: T201
    return 0


def _refuse(message: str) -> int:
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)  # noqa: T201
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
