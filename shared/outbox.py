"""The publishing half of "nothing lost": events written in the state change's transaction.

A service adds its events to the outbox inside the same transaction as the change they
announce; after commit the relay publishes them in windows with publisher confirms and
deletes each row only after its confirm. A crash at any point leaves the row to be sent
again (consumers' inboxes make that harmless); a broker outage only delays it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel.sql.sqltypes import UTCDateTime

from shared import metrics
from shared.bus import Bus
from shared.db import Database
from shared.events import Event, utcnow

log = logging.getLogger(__name__)


class Outbox:
    def __init__(
        self, metadata: MetaData, *, batch_size: int = 500, poll_interval: float = 0.5
    ) -> None:
        self.table = Table(
            "outbox",
            metadata,
            Column(
                "id",
                BigInteger().with_variant(Integer, "sqlite"),
                primary_key=True,
                autoincrement=True,
            ),
            Column("event_id", String(36), nullable=False, unique=True),
            Column("routing_key", String(64), nullable=False),
            Column("payload", Text, nullable=False),
            Column("correlation_id", String(64), nullable=False, default=""),
            Column("created_at", UTCDateTime(), nullable=False),
        )
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self._wake: asyncio.Event | None = None

    def row(self, event: Event) -> dict[str, object]:
        """The outbox row for an event, for callers that insert rows themselves."""
        return {
            "event_id": str(event.event_id),
            "routing_key": event.type,  # type: ignore[attr-defined]
            "payload": event.model_dump_json(),
            "correlation_id": event.correlation_id[:64],
            "created_at": utcnow(),
        }

    async def add(self, session: AsyncSession, *events: Event) -> None:
        """Queue events for publishing, in the caller's transaction."""
        if events:
            await session.execute(insert(self.table), [self.row(e) for e in events])

    def notify(self) -> None:
        """Called after a commit that added rows, so the relay does not wait for its poll."""
        if self._wake is not None:
            self._wake.set()

    async def relay_once(self, db: Database, bus: Bus) -> int:
        """Publish one window of pending rows; returns how many were confirmed."""
        if db.is_sqlite:
            async with db.reader() as session:
                rows = (await session.execute(self._pending())).all()
            confirmed = await self._publish(bus, rows)
            if confirmed:
                async with db.transaction() as session:
                    await session.execute(delete(self.table).where(self.table.c.id.in_(confirmed)))
            return len(confirmed)
        # PostgreSQL: rows are locked while they are published, so relays of several
        # replicas share the work instead of publishing the same rows twice.
        async with db.transaction() as session:
            rows = (await session.execute(self._pending().with_for_update(skip_locked=True))).all()
            confirmed = await self._publish(bus, rows)
            if confirmed:
                await session.execute(delete(self.table).where(self.table.c.id.in_(confirmed)))
        return len(confirmed)

    def _pending(self):  # type: ignore[no-untyped-def]
        t = self.table
        return (
            select(t.c.id, t.c.event_id, t.c.routing_key, t.c.payload, t.c.correlation_id)
            .order_by(t.c.id)
            .limit(self.batch_size)
        )

    async def _publish(self, bus: Bus, rows: Sequence[Any]) -> list[int]:
        if not rows:
            return []
        # Confirms are awaited as a window, not one by one: 20-30 times the throughput.
        results = await asyncio.gather(
            *(
                bus.publish(
                    routing_key=r.routing_key,
                    body=r.payload.encode(),
                    message_id=r.event_id,
                    correlation=r.correlation_id,
                )
                for r in rows
            ),
            return_exceptions=True,
        )
        confirmed = [r.id for r, res in zip(rows, results, strict=True) if res is None]
        failures = [res for res in results if isinstance(res, BaseException)]
        if failures:
            log.warning(
                "%d of %d outbox events not confirmed (%s); they will be retried",
                len(failures),
                len(rows),
                type(failures[0]).__name__,
            )
        return confirmed

    async def lag(self, db: Database) -> tuple[int, float]:
        """Pending rows and the age in seconds of the oldest."""
        async with db.reader() as session:
            count, oldest = (
                await session.execute(select(func.count(), func.min(self.table.c.created_at)))
            ).one()
        if oldest is None:
            return int(count), 0.0
        if oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        return int(count), max(0.0, (datetime.now(UTC) - oldest).total_seconds())

    async def relay_forever(self, db: Database, bus: Bus) -> None:
        self._wake = asyncio.Event()
        backoff = 0.5
        while True:
            try:
                await bus.ready.wait()
                sent = await self.relay_once(db, bus)
                backoff = 0.5
                if sent >= self.batch_size:
                    continue  # more may be waiting
                pending, lag = await self.lag(db)
                metrics.OUTBOX_PENDING.set(pending)
                metrics.OUTBOX_LAG.set(lag)
                if pending and sent == 0:
                    # Rows are there but none were confirmed: the broker is struggling.
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 10.0)
                    continue
                if pending:
                    continue
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=self.poll_interval)
                except TimeoutError:
                    pass
                self._wake.clear()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; retrying")
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
