"""`python -m service.render`: write the committed documents that are generated from code.

`openapi/openapi.json` from the app, and the review documents the guideline packages render.
`tests/test_drift.py` fails when a committed copy differs from what this writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from hooks import SERVICES, documents, published_resources
from service.app import create_app
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def openapi_document() -> str:
    app = create_app(Settings(database_url="sqlite://"), SERVICES, published=published_resources)
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def rendered() -> dict[Path, str]:
    """Every generated document, by path relative to the repository root."""
    files = {Path("openapi/openapi.json"): openapi_document()}
    files.update({Path(p): text for p, text in documents().items()})
    return files


def main() -> None:
    for path, text in rendered().items():
        target = ROOT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
