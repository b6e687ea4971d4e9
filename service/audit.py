"""The audit trail of hook calls, written in batches by a background task, off the response path.

A request only puts a record on a queue (no I/O, no waiting); one task writes batches to the
store in a worker thread. On a clean shutdown the queue is drained before the store closes,
so no record of an answered call is lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("service.audit")


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
        """Write everything still queued, then stop the writer."""
        if self._queue is None or self._task is None:
            return
        queue, task = self._queue, self._task
        self._queue, self._task = None, None
        await queue.put(None)
        await task

    async def _run(self, queue: asyncio.Queue[CallRecord | None]) -> None:
        loop = asyncio.get_running_loop()
        while True:
            first = await queue.get()
            if first is None:
                return
            batch = [first]
            deadline = loop.time() + self._flush_interval_s
            stopping = False
            while len(batch) < self._batch_size:
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
            if stopping:
                return

    async def _write_batch(self, batch: list[CallRecord]) -> None:
        try:
            await asyncio.to_thread(self._write, batch)
        except SQLAlchemyError as exc:
            # The store is down: say so and carry on answering; the EHR's call is not at fault.
            log.error(
                "audit batch not written",
                extra={"records": len(batch), "cause": type(exc).__name__},
            )
        else:
            log.debug("audit batch written", extra={"records": len(batch)})
