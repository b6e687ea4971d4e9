"""Prometheus metrics: what the service did, by service, hook, status, card and outcome.

`GET /metrics` (on unless `CDS_METRICS_ENABLED=false`) answers Prometheus' text format, with no
token, like `/healthz`: it is scraped from the cluster's network, and the proxy in front must
not route it to the EHR's side. Labels take values from a closed set only (our service ids and
hooks, HTTP status codes, card indicators, our rule ids, fixed outcome words): never a URL,
an issuer, a hookInstance or anything a caller chooses, so no label can carry a patient id and
no caller can grow the number of series. A path that names no service of ours counts as
service `unknown`.

With `python -m service --workers N` every worker writes its values to files in
`PROMETHEUS_MULTIPROC_DIR` (prometheus_client's own variable, a temporary folder the parent
makes and removes), and whichever worker answers a scrape sums them all
(`MultiProcessCollector`). That mode is decided when prometheus_client is first imported, so
the variable is set before any worker starts.

On the hot path a call costs a few dictionary look-ups and value increments: the labelled
children are made once per (service, status) and (service, indicator, rule), never per call.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_DIR_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"
UNKNOWN: Final = "unknown"
# No rule id on a card (a card about missing data, say): a label value still has to be a word.
NO_RULE: Final = "none"
# A hook call's time, seconds: the spec asks for answers "on the order of 500 ms", and a
# fallback to the FHIR server may take up to its 3 s budget.
CALL_BUCKETS: Final = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

HOOK_CALLS = Counter(
    "cds_hook_calls",
    "Authenticated hook calls, by service, hook and HTTP status of the answer.",
    ["service", "hook", "status"],
)
HOOK_CALL_SECONDS = Histogram(
    "cds_hook_call_duration_seconds",
    "Time from reading a hook call to its answer, by service and hook (every status).",
    ["service", "hook"],
    buckets=CALL_BUCKETS,
)
CARDS = Counter(
    "cds_cards",
    "Cards sent, by service, indicator and rule id.",
    ["service", "indicator", "rule"],
)
FHIR_QUERIES = Counter(
    "cds_fhir_queries",
    "Reads of the EHR's FHIR server for data the prefetch did not hold (a key not prefetched, "
    "a paged prefetch, a referenced resource), by service and outcome.",
    ["service", "outcome"],
)
FEEDBACK_DELIVERIES = Counter(
    "cds_feedback_deliveries",
    "Feedback deliveries, by service and HTTP status of the answer.",
    ["service", "status"],
)
FEEDBACK_ITEMS = Counter(
    "cds_feedback_items",
    "Feedback items in acknowledged deliveries, by service and the clinician's outcome "
    "(accepted, overridden); a repeated delivery counts again, and in cds_feedback_duplicates.",
    ["service", "outcome"],
)
FEEDBACK_DUPLICATES = Counter(
    "cds_feedback_duplicates",
    "Feedback items already stored when delivered again, by service.",
    ["service"],
)
UNCLASSIFIED_ORDER_CODINGS = Counter(
    "cds_unclassified_order_codings",
    "Draft orders a service could not classify (no code it reads, no text it recognises), "
    "by service and coding system (a closed set of words: rxnorm, cpt, snomed, atc, loinc, "
    "g-standaard, other, text-only); one count per coding system of each such order.",
    ["service", "system"],
)
AUDIT_QUEUE_DEPTH = Gauge(
    "cds_audit_queue_depth",
    "Audit records waiting to be written (summed over the live workers).",
    multiprocess_mode="livesum",
)
AUDIT_DROPPED = Counter(
    "cds_audit_records_dropped", "Audit records dropped because the audit queue was full."
)
AUDIT_WRITTEN = Counter("cds_audit_records_written", "Audit records written to the store.")
AUDIT_LOST = Counter(
    "cds_audit_records_lost", "Audit records the store refused or could not take, not written."
)

# Outcomes of `cds_fhir_queries`: one word each, what the cards then say about the data.
FHIR_OK: Final = "ok"  # read in full
FHIR_INCOMPLETE: Final = "incomplete"  # some pages read, then stopped (pages limit, bad link)
FHIR_FAILED: Final = "failed"  # no usable answer (HTTP error, unreachable, malformed)
FHIR_NOT_FOUND: Final = "not-found"  # a referenced resource the server does not have
FHIR_TIMEOUT: Final = "timeout"  # stopped at the call's FHIR time budget
FHIR_NOT_ALLOWED: Final = "not-allowed"  # fhirServer not on the caller's allow-list: not called
FHIR_NOT_CALLED: Final = "not-called"  # no fhirServer, or no context for the query
FHIR_ERROR: Final = "error"  # an unexpected exception while reading


class CallMetrics:
    """One service's labelled children, made once: what `_finish` of a hook call updates."""

    def __init__(self, service: str, hook: str) -> None:
        self.service = service
        self.hook = hook
        self.seconds = HOOK_CALL_SECONDS.labels(service, hook)
        self._calls: dict[int, Counter] = {}
        self._cards: dict[tuple[str, str | None], Counter] = {}

    def record(self, status: int, seconds: float, cards: Iterable[tuple[str, str | None]]) -> None:
        """Count one call with its status, time and the (indicator, rule id) of each card."""
        counter = self._calls.get(status)
        if counter is None:
            counter = self._calls[status] = HOOK_CALLS.labels(self.service, self.hook, str(status))
        counter.inc()
        self.seconds.observe(seconds)
        for kind in cards:
            card = self._cards.get(kind)
            if card is None:
                card = self._cards[kind] = CARDS.labels(self.service, kind[0], kind[1] or NO_RULE)
            card.inc()


_CALLS: dict[str, CallMetrics] = {}


def for_call(service: str | None, hook: str | None) -> CallMetrics:
    """The metrics of a service of ours (`service` None: the path named none of them)."""
    key = service or UNKNOWN
    found = _CALLS.get(key)
    if found is None:
        found = _CALLS[key] = CallMetrics(key, hook or UNKNOWN)
    return found


def fhir_query(service: str, outcome: str) -> None:
    """Count one read of the FHIR server (off the hot path: only when the prefetch fell short)."""
    FHIR_QUERIES.labels(service, outcome).inc()


def unclassified_order_coding(service: str, system: str) -> None:
    """Count one unclassified draft order's coding system (`system` one of the closed words)."""
    UNCLASSIFIED_ORDER_CODINGS.labels(service, system).inc()


def multiprocess_dir() -> str | None:
    """The folder of a multi-worker run's values, or None in a single process."""
    return os.environ.get(MULTIPROC_DIR_ENV) or None


def forget_dead_workers(folder: str) -> None:
    """Drop the live-gauge files of workers that no longer run (a worker the server replaced).

    `livesum` gauges (the audit queue) would otherwise keep counting a dead worker's last
    value; counters keep theirs, as Prometheus expects of a total.
    """
    for path in glob.glob(os.path.join(folder, "gauge_live*_*.db")):
        pid = Path(path).stem.rsplit("_", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            multiprocess.mark_process_dead(int(pid), folder)  # type: ignore[no-untyped-call]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _registry() -> CollectorRegistry:
    folder = multiprocess_dir()
    if folder is None:
        return REGISTRY  # with the process' CPU, memory and garbage-collector metrics
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    return registry


def metrics_router() -> APIRouter:
    """`GET /metrics`, outside the OpenAPI document: it is the scraper's, not the EHR's."""
    router = APIRouter()
    registry = _registry()

    @router.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        """The Prometheus text format; a plain `def`: collecting reads files with N workers."""
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router
