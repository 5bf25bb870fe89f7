"""What a running service holds: its database, the bus, the outbox relay and the consumers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncSession

from shared import metrics
from shared.audit import AuditLog
from shared.auth import StaffTokens
from shared.batching import TransactionBatcher
from shared.bus import Bus
from shared.crypto import Sealer
from shared.db import Database
from shared.events import Event, StaffTokenIssued, StaffTokenRevoked
from shared.inbox import Inbox
from shared.logging import correlation_id
from shared.migrations import upgrade_async
from shared.outbox import Outbox
from shared.settings import SharedSettings

log = logging.getLogger(__name__)

EventHandler = Callable[[AsyncSession, Any], Awaitable[None]]


class ServiceTables:
    """The shared tables every service keeps in its own database."""

    def __init__(self, metadata: MetaData) -> None:
        self.metadata = metadata
        self.outbox = Outbox(metadata)
        self.inbox = Inbox(metadata)
        self.staff_tokens = StaffTokens(metadata)
        # Staff and force actions, hash-chained (shared.audit); reporters are never in it.
        self.audit = AuditLog(metadata)


BatchStep = Callable[[AsyncSession, Sequence[Event]], Awaitable[None]]


@dataclass(frozen=True)
class BatchHooks:
    """Optional steps around a consumer's batch, in its transaction: `prepare` runs before
    the handlers with the batch's newly claimed events (e.g. to load the rows they will
    touch in one query), `finish` after them (e.g. to write what they accumulated), so a
    batch of fifty events costs a few statements rather than fifty times as many."""

    prepare: BatchStep | None = None
    finish: Callable[[AsyncSession], Awaitable[None]] | None = None


class ConsumerBatcher:
    """Consumed events applied in batches (see shared.batching), each with its inbox claim."""

    def __init__(
        self,
        runtime: ServiceRuntime,
        handlers: Mapping[str, EventHandler],
        *,
        queue: str,
        name: str,
        max_batch: int,
        hooks: BatchHooks | None = None,
        linger: float = 0.0,
        flush_once: bool = False,
    ) -> None:
        self.runtime = runtime
        self.handlers = handlers
        self.queue = queue
        self.hooks = hooks or BatchHooks()
        self.batcher: TransactionBatcher[Event] = TransactionBatcher(
            runtime.db,
            apply_many=self._apply_many,
            name=name,
            max_batch=max_batch,
            linger=linger,
            flush_once=flush_once,
        )

    async def handle(self, event: Event) -> None:
        """Called by the bus per message; returns (ack) once the effect has committed."""
        if event.type not in self.handlers:  # type: ignore[attr-defined]
            return  # not for this consumer: acked and ignored
        await self.batcher.submit(event)

    def _claim_id(self, event: Event) -> uuid.UUID:
        # Claimed per consumer: two queues of one service may receive the same event (a
        # report.triaged builds a package and counts in the statistics), and one
        # consumer's claim must not make the other skip it as a redelivery.
        return uuid.uuid5(event.event_id, self.queue)

    async def _apply_many(self, session: AsyncSession, events: Sequence[Event]) -> None:
        """The batch's inbox claims in one statement, then each newly claimed event's
        handler in order; an event processed before (a redelivery, or the same event
        published twice and both in this batch) is skipped."""
        claims = [(self._claim_id(e), e) for e in events]
        claimed = await self.runtime.tables.inbox.claim_many(
            session,
            [(claim, e.type) for claim, e in claims],  # type: ignore[attr-defined]
        )
        fresh: list[Event] = []
        for claim, event in claims:
            if claim in claimed:
                claimed.discard(claim)
                fresh.append(event)
            else:
                metrics.INBOX_DUPLICATES.inc()
        if self.hooks.prepare is not None and fresh:
            await self.hooks.prepare(session, fresh)
        for event in fresh:
            event_type: str = event.type  # type: ignore[attr-defined]
            token = correlation_id.set(event.correlation_id)
            try:
                await self.handlers[event_type](session, event)
                log.info("processed %s", event_type, extra={"event_type": event_type})
            finally:
                correlation_id.reset(token)
        if self.hooks.finish is not None and fresh:
            await self.hooks.finish(session)


class ServiceRuntime:
    def __init__(
        self, *, settings: SharedSettings, tables: ServiceTables, migrations_dir: Path
    ) -> None:
        self.settings = settings
        self.tables = tables
        self.migrations_dir = migrations_dir
        self.db = Database(settings.resolved_database_url, sqlite_inline=settings.sqlite_inline)
        self.bus = Bus(
            url=settings.amqp_url.get_secret_value(),
            namespace=settings.bus_namespace,
            prefetch=settings.amqp_prefetch,
            delivery_limit=settings.delivery_limit,
            connection_name=settings.service_name,
        )
        self.sealer = Sealer(settings.bus_keys.get_secret_value())
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def outbox(self) -> Outbox:
        return self.tables.outbox

    async def start(self) -> None:
        await upgrade_async(self.migrations_dir, self.db.url)
        self.spawn(self.bus.connect_forever(), "broker connection")
        self.spawn(self.outbox.relay_forever(self.db, self.bus), "outbox relay")

    def spawn(self, coro: Awaitable[None], name: str) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coro)  # type: ignore[assignment]
        task.set_name(name)
        task.add_done_callback(self._report_crash)
        self._tasks.append(task)

    @staticmethod
    def _report_crash(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s stopped", task.get_name(), exc_info=task.exception())

    def consume(
        self,
        queue: str,
        handlers: Mapping[str, EventHandler],
        *,
        max_batch: int = 50,
        hooks: BatchHooks | None = None,
        linger: float = 0.0,
        flush_once: bool = False,
    ) -> None:
        """Register a consumer whose transactions (effect + inbox + outbox) this runtime owns.

        Messages are processed in batches, one transaction per batch: a commit (and, on
        SQLite, the write lock) per message made consumers the pipeline's bottleneck.
        Each message is acked only after the transaction holding its effect committed; if a
        batch fails, its messages are retried one transaction each, so a poison message
        fails alone. `linger` and `flush_once`: see TransactionBatcher.
        """
        batcher = ConsumerBatcher(
            self,
            handlers,
            queue=queue,
            name=f"consumer {queue}",
            max_batch=max_batch,
            hooks=hooks,
            linger=linger,
            flush_once=flush_once,
        )
        self.spawn(batcher.batcher.run(), f"batcher {queue}")
        self.spawn(
            self.bus.consume(queue, batcher.handle, concurrency=max_batch * 2), f"consumer {queue}"
        )

    def consume_staff_tokens(self, queue: str) -> None:
        tokens = self.tables.staff_tokens

        async def issued(session: AsyncSession, event: StaffTokenIssued) -> None:
            await tokens.record_issued(session, event)

        async def revoked(session: AsyncSession, event: StaffTokenRevoked) -> None:
            await tokens.record_revoked(session, event)

        self.consume(queue, {"staff_token.issued": issued, "staff_token.revoked": revoked})

    async def readiness(self) -> dict[str, bool]:
        return {"database": await self.db.ping(), "broker": self.bus.connected}

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        await self.bus.close()
        await self.db.dispose()
