"""What the snooze lookup adds to a call, when `CDS_SNOOZE_AFTER_OVERRIDE_DAYS` turns it on.

With snoozing on, a call that could hide a card makes one indexed query (`Snoozes.active`: the
keyed patient hash, not yet expired) in a worker thread. Timed here on its own, on a store that
already holds many snoozes of other patients, on a SQLite file and on PostgreSQL when it can run
here, against a bare `SELECT 1` on the same connection pool (the floor of any query), so the
figure reads as "the lookup" and "the database round trip it cannot avoid".

`python -m bench.snooze_cost` prints the figures as JSON.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import insert, text

from service.snooze import Snoozes
from service.store import FeedbackStore, SnoozeRecord

_ROWS = 10_000
_LOOKUPS = 2_000
_NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)


@dataclass(frozen=True)
class SnoozeCost:
    database: str
    rows: int
    lookup_us: float  # median per lookup of one patient's active snoozes
    lookup_p99_us: float
    floor_us: float  # median per `SELECT 1` on the same store: the round trip itself


def _fill(store: FeedbackStore, snoozes: Snoozes) -> str:
    """`_ROWS` snoozes of other patients; returns the subject key of the patient looked up."""
    rows = [
        {
            "subject_key": snoozes.subject_key("https://ehr.bench.example", f"patient-{n}"),
            "rule_id": "SM-CS03",
            "facts_hash": f"{n:064x}",
            "expires_at": _NOW + timedelta(days=30),
        }
        for n in range(_ROWS)
    ]
    with store.transaction() as connection:
        connection.execute(insert(SnoozeRecord), rows)
    return snoozes.subject_key("https://ehr.bench.example", "patient-4242")


def _timed(action: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(_LOOKUPS):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1e6)
    return times


def _measure(url: str, database: str) -> SnoozeCost:
    store = FeedbackStore(url)
    try:
        snoozes = Snoozes(store, SecretStr("bench-snooze-key-0123456789abcdef"), 30)
        subject = _fill(store, snoozes)

        def floor() -> object:
            with store.transaction() as connection:
                return connection.execute(text("SELECT 1")).scalar()

        _timed(floor)  # warm the pool and the statement caches
        floors = _timed(floor)
        lookups = _timed(lambda: snoozes.active(subject, _NOW))
        if snoozes.active(subject, _NOW) != {"SM-CS03": f"{4242:064x}"}:
            raise RuntimeError("the lookup did not find the one patient's snooze")
    finally:
        store.close()
    lookups.sort()
    return SnoozeCost(
        database=database,
        rows=_ROWS,
        lookup_us=statistics.median(lookups),
        lookup_p99_us=lookups[int(len(lookups) * 0.99) - 1],
        floor_us=statistics.median(floors),
    )


def measure() -> list[SnoozeCost]:
    """The lookup on a SQLite file, and on PostgreSQL when this machine can start one."""
    from service.migrations import migrate
    from tests.postgres_server import PostgresUnavailable, start_postgres, stop_postgres

    with tempfile.TemporaryDirectory(prefix="bench-snooze-") as folder:
        costs = [_measure(f"sqlite:///{Path(folder) / 'snooze.sqlite3'}", "SQLite file")]
    try:
        server = start_postgres()
    except PostgresUnavailable:
        return costs
    try:
        url = server.create_database("cds_bench_snooze")
        migrate(url)
        costs.append(_measure(url, "PostgreSQL (fsync off)"))
    finally:
        stop_postgres(server)
    return costs


def report(costs: list[SnoozeCost]) -> list[str]:
    lines = [
        "",
        "## What the snooze lookup adds to a call (bench/snooze_cost.py)",
        "",
        f"Only with `CDS_SNOOZE_AFTER_OVERRIDE_DAYS` > 0, and only for a call with a card that "
        f"could be hidden: one indexed query among {_ROWS:,} snoozes of other patients, against "
        "`SELECT 1` on the same store (the round trip any query costs).",
        "",
        "| store | lookup median | lookup p99 | `SELECT 1` median | lookup / floor |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {c.database} | {c.lookup_us:.0f} µs | {c.lookup_p99_us:.0f} µs | {c.floor_us:.0f} µs "
        f"| {c.lookup_us / c.floor_us:.1f} × |"
        for c in costs
    ]
    return lines


if __name__ == "__main__":
    print(json.dumps([asdict(c) for c in measure()], indent=2))
