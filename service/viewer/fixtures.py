"""The fixture requests the viewer offers as patients, read from a folder that may be absent.

The repository's `fixtures/` is not part of the installed package, so the viewer looks for it
beside the package and simply offers no fixture patients when it is not there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

DEFAULT_FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
_SUFFIX = ".request.json"


@dataclass(frozen=True)
class FixtureEntry:
    """One fixture request as the viewer lists it: enough to label it, not its patient data."""

    service_id: str
    scenario: str
    hook: str
    patient_id: str
    path: Path

    def summary(self) -> dict[str, str]:
        return {
            "serviceId": self.service_id,
            "scenario": self.scenario,
            "hook": self.hook,
            "patientId": self.patient_id,
        }


class FixtureCatalogue:
    """Lists and reads `<service-id>/<scenario>.request.json` under one folder."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder if folder is not None else DEFAULT_FIXTURES_DIR

    def entries(self) -> list[FixtureEntry]:
        """Every readable fixture request; unreadable files are left out, never fatal."""
        if not self.folder.is_dir():
            return []
        found: list[FixtureEntry] = []
        for path in sorted(self.folder.glob(f"*/*{_SUFFIX}")):
            request = _read(path)
            if request is None:
                continue
            context = request.get("context")
            patient = context.get("patientId") if isinstance(context, dict) else None
            hook = request.get("hook")
            if not isinstance(patient, str) or not isinstance(hook, str):
                continue
            found.append(
                FixtureEntry(path.parent.name, path.name.removesuffix(_SUFFIX), hook, patient, path)
            )
        return found

    def request(self, service_id: str, scenario: str) -> dict[str, Any] | None:
        """The request of one listed fixture; None for anything not listed (no path tricks)."""
        for entry in self.entries():
            if entry.service_id == service_id and entry.scenario == scenario:
                return _read(entry.path)
        return None


def _read(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return value if isinstance(value, dict) else None


_DATE_TIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?P<time>T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$"
)


def shift_dates(value: Any, delta: timedelta) -> Any:
    """Every FHIR date and dateTime in `value` moved by `delta`, keeping each one's precision.

    Only for the viewer's fixture patients: the guideline reasons about hours and days, so a
    fixture written for one morning must be replayed relative to now, not read as weeks old.
    """
    if isinstance(value, dict):
        return {key: shift_dates(item, delta) for key, item in value.items()}
    if isinstance(value, list):
        return [shift_dates(item, delta) for item in value]
    if not isinstance(value, str) or not delta or (match := _DATE_TIME.match(value)) is None:
        return value
    if match.group("time") is None:
        return (
            date.fromisoformat(value) + timedelta(days=round(delta / timedelta(days=1)))
        ).isoformat()
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    shifted = (moment + delta).isoformat(
        timespec="seconds" if moment.microsecond == 0 else "microseconds"
    )
    return shifted.replace("+00:00", "Z") if value.endswith("Z") else shifted
