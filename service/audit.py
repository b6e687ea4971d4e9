"""The audit trail of hook calls, written in batches by a background task, off the response path.

A request only puts a record on a queue (no I/O, no waiting); one task writes batches to the
store in a worker thread. On a clean shutdown the queue is drained before the store closes,
so no record of an answered call is lost. A failed write never ends the writer: the batch is
tried once more record by record, so one record the database refuses costs only itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import InterfaceError, OperationalError

from service.metrics import AUDIT_DROPPED, AUDIT_LOST, AUDIT_QUEUE_DEPTH, AUDIT_WRITTEN

log = logging.getLogger("service.audit")


@dataclass(frozen=True)
class CardDetail:
    """What the audit keeps of one card beyond its rule: indicator, suggestions, facts hash."""

    uuid: str
    indicator: str
    # The fingerprint of the card's facts: kept (with the call's subject key) only while
    # snoozing is on, so that a reasoned dismissal can become a snooze (service/snooze.py).
    facts_hash: str | None = None
    # (suggestion uuid, branch row id or None) of each suggestion on the card
    suggestions: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class CallRecord:
    """One hook call as the audit keeps it: identifiers of the call, never patient data."""

    at: datetime
    service_id: str
    hook: str | None
    hook_instance: str | None
    issuer: str | None
    tenant: str | None
    status: int
    latency_ms: float
    # (card uuid, rule id or None) for every card sent
    cards: tuple[tuple[str, str | None], ...] = ()
    card_details: tuple[CardDetail, ...] = ()
    # The keyed hash of issuer + patient, only while snoozing is on; never the patient id.
    subject_key: str | None = None

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(rule for _, rule in self.cards if rule is not None)


class AuditTrail:
    """Queue in front of a batch writer; `record` never blocks the request."""

    def __init__(
        self,
        write: Callable[[Sequence[CallRecord]], None],
        batch_size: int,
        flush_interval_s: float,
        queue_max: int,
    ) -> None:
        self._write = write
        self._batch_size = batch_size
        self._flush_interval_s = flush_interval_s
        self._queue_max = queue_max
        self._queue: asyncio.Queue[CallRecord | None] | None = None
        self._task: asyncio.Task[None] | None = None
        # Records made while no writer runs (an app used without its lifespan).
        self._backlog: list[CallRecord] = []
        self.dropped = 0

    def record(self, entry: CallRecord) -> None:
        """Hand a record to the writer; when the queue is full it is dropped and logged."""
        if self._queue is None:
            if len(self._backlog) < self._queue_max:
                self._backlog.append(entry)
                return
        else:
            try:
                self._queue.put_nowait(entry)
                return
            except asyncio.QueueFull:
                pass
        self.dropped += 1
        AUDIT_DROPPED.inc()
        log.error("audit queue full; record dropped", extra={"dropped_total": self.dropped})

    async def start(self) -> None:
        """Start the writer (in the app's lifespan), taking over records made before it ran."""
        queue: asyncio.Queue[CallRecord | None] = asyncio.Queue(maxsize=self._queue_max)
        for entry in self._backlog:
            queue.put_nowait(entry)
        self._backlog.clear()
        self._queue = queue
        self._task = asyncio.create_task(self._run(queue), name="audit-writer")

    async def stop(self) -> None:
        """Write everything still queued, then stop the writer; never waits on a dead writer."""
        if self._queue is None or self._task is None:
            return
        queue, task = self._queue, self._task
        self._queue, self._task = None, None
        while not task.done():
            try:
                queue.put_nowait(None)
            except asyncio.QueueFull:
                # The writer is busy with a full queue: wait for room, or for it to end.
                await asyncio.wait({task}, timeout=0.05)
                continue
            await asyncio.wait({task})
        if not task.cancelled() and task.exception() is not None:
            log.error("audit writer ended", extra={"cause": type(task.exception()).__name__})
        # Whatever a writer that ended early left behind is written here.
        left = [entry for entry in _drain(queue) if entry is not None]
        for start in range(0, len(left), self._batch_size):
            await self._write_batch(left[start : start + self._batch_size])

    async def written(self, timeout_s: float) -> bool:
        """Wait (at most `timeout_s`) until every record queued so far has been written.

        For a reader that needs this process's latest calls in the store: the feedback of a
        card that was sent a moment ago. False when the wait ran out or no writer runs.
        """
        queue = self._queue
        if queue is None:
            return not self._backlog
        try:
            await asyncio.wait_for(queue.join(), timeout_s)
        except TimeoutError:
            return False
        return True

    async def _run(self, queue: asyncio.Queue[CallRecord | None]) -> None:
        loop = asyncio.get_running_loop()
        while True:
            first = await queue.get()
            if first is None:
                queue.task_done()
                return
            # The depth is published by the writer, never by a request: at each batch it takes
            # and each it has written, so a scrape is at most one batch behind.
            AUDIT_QUEUE_DEPTH.set(queue.qsize() + 1)
            batch = [first]
            deadline = loop.time() + self._flush_interval_s
            stopping = False
            while len(batch) < self._batch_size:
                # Take what is already queued without waiting: under load the writer gets the
                # event loop only between requests, and one wait per record (a task and a
                # timer each) let the queue outgrow it until records were dropped.
                try:
                    entry = queue.get_nowait()
                except asyncio.QueueEmpty:
                    remaining = deadline - loop.time()
                    if remaining <= 0:
                        break
                    try:
                        entry = await asyncio.wait_for(queue.get(), remaining)
                    except TimeoutError:
                        break
                if entry is None:
                    stopping = True
                    break
                batch.append(entry)
            await self._write_batch(batch)
            AUDIT_QUEUE_DEPTH.set(queue.qsize())
            # Written (or given up on): `written()` waits for exactly these.
            for _ in range(len(batch) + stopping):
                queue.task_done()
            if stopping:
                return

    async def _write_batch(self, batch: list[CallRecord]) -> None:
        """Write a batch; on failure retry it record by record. Never raises (the writer lives).

        Any exception is caught, not only the store's: one that escaped would end the writer
        task silently and every later record would be lost. Only the exception's type is
        logged; its message may quote the record.
        """
        try:
            await asyncio.to_thread(self._write, batch)
        except Exception as exc:
            # The EHR's call is not at fault: say so and carry on answering.
            log.error(
                "audit batch not written",
                extra={"records": len(batch), "cause": type(exc).__name__},
            )
            if len(batch) > 1:
                await self._write_one_by_one(batch)
            else:
                AUDIT_LOST.inc()
        else:
            AUDIT_WRITTEN.inc(len(batch))
            log.debug("audit batch written", extra={"records": len(batch)})

    async def _write_one_by_one(self, batch: list[CallRecord]) -> None:
        """The one retry of a failed batch; stops early when the store itself is unavailable."""
        lost = 0
        for index, record in enumerate(batch):
            try:
                await asyncio.to_thread(self._write, [record])
            except Exception as exc:
                lost += 1
                if _store_unavailable(exc):
                    # Every other record would fail the same way: do not try each of them.
                    lost += len(batch) - index - 1
                    AUDIT_WRITTEN.inc(len(batch) - lost)
                    AUDIT_LOST.inc(lost)
                    log.error(
                        "audit records lost", extra={"records": lost, "cause": type(exc).__name__}
                    )
                    return
                log.error("audit record not written", extra={"cause": type(exc).__name__})
        AUDIT_WRITTEN.inc(len(batch) - lost)
        AUDIT_LOST.inc(lost)
        log.warning(
            "audit batch written record by record",
            extra={"records": len(batch) - lost, "lost": lost},
        )


def _store_unavailable(exc: Exception) -> bool:
    """The database is down or locked, as opposed to refusing one record's values."""
    return isinstance(exc, OperationalError | InterfaceError)


def _drain(queue: asyncio.Queue[CallRecord | None]) -> list[CallRecord | None]:
    entries: list[CallRecord | None] = []
    while True:
        try:
            entries.append(queue.get_nowait())
        except asyncio.QueueEmpty:
            return entries
