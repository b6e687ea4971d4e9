"""`python -m service.viewer.keys PEM`: make the viewer's signing key and its public JWKS file.

The operator then sets `CDS_VIEWER_SIGNING_KEY_FILE=PEM` and adds the printed issuer with the
JWKS file to the trusted issuers; nothing is trusted without that explicit step.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from joserfc.jwk import ECKey

from service.viewer.signing import public_jwks


def write_key(pem_path: Path) -> Path:
    """Write a new P-384 private key (mode 0600) and `<name>.jwks.json`; never overwrite."""
    jwks_path = pem_path.with_suffix(".jwks.json")
    for existing in (pem_path, jwks_path):
        if existing.exists():
            raise FileExistsError(f"{existing} exists; remove it first to make a new key")
    pem_path.parent.mkdir(parents=True, exist_ok=True)
    key = ECKey.generate_key("P-384")
    descriptor = os.open(pem_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key.as_pem(private=True))
    jwks_path.write_text(json.dumps(public_jwks(key), indent=2) + "\n", encoding="utf-8")
    return jwks_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.viewer.keys", description=__doc__)
    parser.add_argument("pem", type=Path, help="where to write the private key (PEM)")
    args = parser.parse_args(argv)
    try:
        jwks_path = write_key(args.pem)
    except FileExistsError as exc:
        print(exc)  # noqa: T201
        return 1
    print(  # noqa: T201
        f"private key: {args.pem} (keep it secret)\npublic JWKS: {jwks_path}\n"
        f"set CDS_VIEWER_SIGNING_KEY_FILE={args.pem}, then trust the issuer "
        "'{CDS_PUBLIC_BASE_URL}/viewer' with this JWKS in the trusted issuers."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
