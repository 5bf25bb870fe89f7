"""The publishing half of "nothing lost": events written in the state change's transaction.

A service adds its events to the outbox inside the same transaction as the change they
announce; after commit the relay publishes them in windows with publisher confirms and
deletes each row only after its confirm. A crash at any point leaves the row to be sent
again (consumers' inboxes make that harmless); a broker outage only delays it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel.sql.sqltypes import UTCDateTime

from shared import metrics
from shared.bus import Bus
from shared.db import Database
from shared.events import Event, utcnow

log = logging.getLogger(__name__)

# In a session's info: the outboxes its transaction added rows to (Outbox.add).
_ADDED_TO = "pacars.outbox.added_to"


@event.listens_for(Session, "after_commit")
def _wake_relays(session: Session) -> None:
    """After a commit that added outbox rows, their relay polls at once. Only then: a wake
    after every commit (each consumer batch, each request) made intake's relay poll about
    a hundred times a second in the pipeline, each poll reading a window of the table only
    to find the rows it already held in memory."""
    for outbox in session.info.pop(_ADDED_TO, ()):
        outbox.notify()


@event.listens_for(Session, "after_rollback")
def _forget_added(session: Session) -> None:
    session.info.pop(_ADDED_TO, None)


class Pending(NamedTuple):
    """An outbox row to publish (as selected, or as handed over after its commit).

    Rows are known by their event id, never by the table's id: SQLite gives a deleted
    row's id to the next row inserted, so a delete by id that came late (the same event
    published by the poll and by the hand-over) removed a newer, unpublished row, and that
    report was never sent. Event ids are unique and never reused."""

    event_id: str
    routing_key: str
    payload: str
    correlation_id: str


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
        self._insert = insert(self.table)  # built once: every event goes through it
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self._wake: asyncio.Event | None = None
        # Rows handed over in memory by a group committer right after their commit, so the
        # relay need not query for them; they are still deleted only after their confirm
        # (by `_deleter`, in the committer's next transaction). A row handed over, being
        # published or awaiting its delete is "owned": the poll, which finds everything else
        # (other writers' rows, rows left by a crash or a broker outage), leaves it alone.
        self._handed: deque[Pending] = deque()
        self._owned: set[str] = set()  # event ids
        self._deleter: Callable[[Sequence[str]], Awaitable[None]] | None = None
        self._in_memory = False
        self._poll_requested = True
        self._deletes: set[asyncio.Task[None]] = set()
        self.max_handed = 20 * batch_size
        # Back-pressure: a committer waits for room before committing more, so a service
        # never accepts work faster than the relay can pass it on (the backlog would only
        # grow, and the rate measured would not be one that can be sustained).
        self.max_backlog = 2 * batch_size
        self._room = asyncio.Event()
        self._room.set()

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
        """Queue events for publishing, in the caller's transaction; the relay is woken
        when it commits."""
        if events:
            await session.execute(self._insert, [self.row(e) for e in events])
            self.mark(session)

    def mark(self, session: AsyncSession) -> None:
        """Wake the relay when the session's transaction commits: for callers that insert
        outbox rows themselves (Outbox.row). Forgotten if it rolls back."""
        session.info.setdefault(_ADDED_TO, set()).add(self)

    def notify(self) -> None:
        """Called after a commit that added rows, so the relay does not wait for its poll
        (done for Outbox.add's and Outbox.mark's transactions when they commit)."""
        self._poll_requested = True
        if self._wake is not None:
            self._wake.set()

    def use_deleter(self, deleter: Callable[[Sequence[str]], Awaitable[None]]) -> None:
        """Rows handed over by `committed` are deleted, once confirmed, by deleter(event ids),
        which returns after the delete committed (a group committer's next transaction)."""
        self._deleter = deleter

    def committed(self, rows: Sequence[Pending]) -> None:
        """Called by a group committer after a commit with the outbox rows it inserted."""
        if not self._in_memory or len(self._handed) >= self.max_handed:
            self.notify()  # the poll will find them
            return
        self._handed.extend(rows)
        self._owned.update(row.event_id for row in rows)
        if len(self._handed) >= self.max_backlog:
            self._room.clear()
        if self._wake is not None:
            self._wake.set()

    async def room(self, *, timeout: float = 1.0) -> None:
        """Returns when the relay's backlog of handed-over rows is below max_backlog, or
        after timeout (a stuck broker must not stop a service accepting work: the rows
        are in the database, and past max_handed the poll takes them)."""
        if not self._room.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._room.wait(), timeout)

    async def relay_once(self, db: Database, bus: Bus) -> int:
        """Publish one window of pending rows; returns how many were confirmed."""
        return (await self._poll(db, bus))[0]

    async def _poll(self, db: Database, bus: Bus) -> tuple[int, int]:
        """One window of pending rows found by query: (confirmed, found)."""
        if db.is_sqlite:
            async with db.reader() as session:
                rows = (await session.execute(self._pending())).all()
            rows = [r for r in rows if r.event_id not in self._owned]
            confirmed = await self._publish(bus, rows)
            if confirmed:
                async with db.transaction() as session:
                    await session.execute(
                        delete(self.table).where(self.table.c.event_id.in_(confirmed))
                    )
                self._forget_handed(confirmed)
            return len(confirmed), len(rows)
        # PostgreSQL: rows are locked while they are published, so relays of several
        # replicas share the work instead of publishing the same rows twice.
        async with db.transaction() as session:
            rows = (await session.execute(self._pending().with_for_update(skip_locked=True))).all()
            confirmed = await self._publish(bus, rows)
            if confirmed:
                await session.execute(
                    delete(self.table).where(self.table.c.event_id.in_(confirmed))
                )
        return len(confirmed), len(rows)

    def _forget_handed(self, published: list[str]) -> None:
        """Rows a poll published that were also handed over meanwhile (committed just before
        its query, handed just after) are not published again."""
        done = self._owned.intersection(published)
        if done:
            self._handed = deque(r for r in self._handed if r.event_id not in done)
            self._owned -= done

    def _pending(self):  # type: ignore[no-untyped-def]
        t = self.table
        return (
            select(t.c.event_id, t.c.routing_key, t.c.payload, t.c.correlation_id)
            .order_by(t.c.id)
            .limit(self.batch_size)
        )

    async def _publish(self, bus: Bus, rows: Sequence[Any]) -> list[str]:
        """Publish rows (Pending or selected rows) in one window; the event ids confirmed."""
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
        confirmed = [r.event_id for r, res in zip(rows, results, strict=True) if res is None]
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

    async def _relay_handed(self, bus: Bus) -> bool:
        """Publish one window of handed-over rows; False if some were not confirmed."""
        window = [self._handed.popleft() for _ in range(min(self.batch_size, len(self._handed)))]
        if len(self._handed) < self.max_backlog:
            self._room.set()
        confirmed = await self._publish(bus, window)
        if confirmed:
            assert self._deleter is not None
            task = asyncio.create_task(self._delete_confirmed(confirmed))
            self._deletes.add(task)
            task.add_done_callback(self._deletes.discard)
        if len(confirmed) == len(window):
            return True
        # The broker is struggling: everything not confirmed is left to the poll, which
        # backs off; rows are handed over again once a poll finds nothing left.
        self._owned.difference_update({r.event_id for r in window} - set(confirmed))
        self._leave_to_poll()
        return False

    def _leave_to_poll(self) -> None:
        """Stop taking rows in memory (they are all in the table for the poll)."""
        self._in_memory = False
        self._owned.difference_update(r.event_id for r in self._handed)
        self._handed.clear()
        self._room.set()
        self._poll_requested = True

    async def _delete_confirmed(self, ids: list[str]) -> None:
        assert self._deleter is not None
        try:
            await self._deleter(ids)
        except Exception as exc:
            # Left in the table: published again by a poll (consumers' inboxes skip repeats).
            log.warning("%d confirmed outbox rows not deleted (%s)", len(ids), type(exc).__name__)
        finally:
            self._owned.difference_update(ids)

    async def relay_forever(self, db: Database, bus: Bus) -> None:
        self._wake = asyncio.Event()
        self._in_memory = self._deleter is not None
        backoff = 0.5
        last_poll = last_lag = float("-inf")
        while True:
            try:
                if not bus.ready.is_set():
                    self._leave_to_poll()  # the broker is away: accept, don't hold rows
                    await bus.ready.wait()
                if self._handed:
                    if await self._relay_handed(bus):
                        backoff = 0.5
                    else:
                        await asyncio.sleep(backoff)
                        backoff = min(backoff * 2, 10.0)
                    continue
                now = time.monotonic()
                if now - last_lag >= 1.0:
                    last_lag = now
                    pending, lag = await self.lag(db)
                    metrics.OUTBOX_PENDING.set(pending)
                    metrics.OUTBOX_LAG.set(lag)
                if self._poll_requested or now - last_poll >= self.poll_interval:
                    self._poll_requested = False
                    last_poll = now
                    sent, found = await self._poll(db, bus)
                    if found and not sent:
                        # Rows are there but none were confirmed: the broker is struggling.
                        self._poll_requested = True
                        await asyncio.sleep(backoff)
                        backoff = min(backoff * 2, 10.0)
                        continue
                    backoff = 0.5
                    if found >= self.batch_size or sent < found:
                        self._poll_requested = True  # more may be waiting, or to retry
                        continue
                    if not found and self._deleter is not None:
                        self._in_memory = True
                if self._handed or self._poll_requested:
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
                self._poll_requested = True
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
