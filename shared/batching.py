"""One transaction for many items, each caller answered after its own item committed.

A commit per item (an fsync and, on SQLite, the write lock) made every hot path wait
on the database rather than on its work. Callers hand items to a single writer task;
while one transaction commits, the next items queue up and go together in the following
one. If a batch fails, its items are retried one transaction each, so a bad item fails
only its own caller. Used for intake's submissions (group commit), consumers' events and
dispatch's delivery results.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import Database, is_transient

log = logging.getLogger(__name__)

T = TypeVar("T")


class TransactionBatcher(Generic[T]):
    def __init__(
        self,
        db: Database,
        apply: Callable[[AsyncSession, T], Awaitable[None]] | None = None,
        *,
        apply_many: Callable[[AsyncSession, list[T]], Awaitable[None]] | None = None,
        name: str,
        max_batch: int = 200,
        wait_out_outages: bool = True,
        linger: float = 0.0,
        flush_once: bool = False,
    ) -> None:
        """`apply` applies one item; or `apply_many` a whole batch at once (one read and
        one write per table rather than per item). A failed batch is retried one item at a
        time through the same function. `linger` (seconds): how long a batch waits after
        its first item for more, for items nobody waits on: when they come one at a time,
        each would otherwise be a transaction of its own.

        `flush_once`: what a batch adds or changes through the ORM is flushed together
        when it commits (one INSERT or UPDATE per table, run with every row's values), not
        one item at a time before its next statement (autoflush). Only where applying an
        item never reads back through the ORM what an earlier item of the batch wrote:
        such a query would not see it."""
        if (apply is None) == (apply_many is None):
            raise TypeError("give apply or apply_many")
        self.db = db
        self.apply = apply
        self._apply_many = apply_many
        self.name = name
        self.max_batch = max_batch
        # Consumers hold their messages and retry while the database is unreachable, so an
        # outage delays work instead of spending the messages' delivery limit (which would
        # park them); request handlers would rather answer 503 at once.
        self.wait_out_outages = wait_out_outages
        self.linger = linger
        self.flush_once = flush_once
        self._queue: asyncio.Queue[tuple[T, asyncio.Future[None]]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def submit(self, item: T) -> None:
        """Returns once the item's effect is committed; raises what applying it raised."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await self._queue.put((item, future))
        await future

    async def apply_many(self, session: AsyncSession, items: list[T]) -> None:
        """Apply a batch in one session."""
        with session.no_autoflush if self.flush_once else contextlib.nullcontext():
            if self._apply_many is not None:
                await self._apply_many(session, items)
                return
            assert self.apply is not None
            for item in items:
                await self.apply(session, item)

    async def run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            if self.linger > 0:
                await asyncio.sleep(self.linger)
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            live = [(item, fut) for item, fut in batch if not fut.cancelled()]
            try:
                await self._apply_batch([item for item, _ in live])
            except Exception as exc:
                if is_transient(exc) and not self.wait_out_outages:
                    for _, fut in live:
                        _settle(fut, exc)
                    continue
                if len(live) > 1:
                    log.warning(
                        "%s: a batch of %d failed; retrying one by one", self.name, len(live)
                    )
                for item, fut in live:
                    try:
                        await self._apply_batch([item])
                    except Exception as exc:
                        _settle(fut, exc)
                    else:
                        _settle(fut, None)
            else:
                for _, fut in live:
                    _settle(fut, None)

    async def _apply_batch(self, items: list[T]) -> None:
        delay = 0.2
        while True:
            try:
                async with self.db.transaction() as session:
                    await self.apply_many(session, items)
                return
            except Exception as exc:
                if not (self.wait_out_outages and is_transient(exc)):
                    raise
                log.warning(
                    "%s: database unreachable (%s); retrying in %.1fs",
                    self.name,
                    type(exc).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)


def _settle(future: asyncio.Future[None], error: BaseException | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
