"""Group commit: many requests' rows in one transaction, each answered after it commits.

One commit per request costs an fsync and a trip through the ORM each time; the
database, not the work, becomes the limit (see the performance notes). Requests hand
their rows to a single writer task; while one transaction commits, the next requests
queue up and go together in the following one. No request is answered before its own
rows are durable. If a batch fails, its items are retried one by one, so one bad row
fails only its own request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, insert

from shared.db import Database

log = logging.getLogger(__name__)

Rows = Sequence[tuple[Table, dict[str, Any]]]


class GroupCommitter:
    def __init__(
        self, db: Database, *, max_batch: int = 500, on_commit: Callable[[], None] | None = None
    ) -> None:
        self.db = db
        self.max_batch = max_batch
        self.on_commit = on_commit
        self._queue: asyncio.Queue[tuple[Rows, asyncio.Future[None]]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="group commit")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def insert(self, rows: Rows) -> None:
        """Returns once the rows are committed; raises what their insert raised."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await self._queue.put((rows, future))
        await future

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            live = [(rows, fut) for rows, fut in batch if not fut.cancelled()]
            try:
                await self._write([rows for rows, _ in live])
            except Exception:
                if len(live) > 1:
                    log.warning("a batch of %d failed; writing its items one by one", len(live))
                for rows, fut in live:
                    try:
                        await self._write([rows])
                    except Exception as exc:
                        if not fut.done():
                            fut.set_exception(exc)
                    else:
                        if not fut.done():
                            fut.set_result(None)
            else:
                for _, fut in live:
                    if not fut.done():
                        fut.set_result(None)
            if self.on_commit is not None:
                self.on_commit()

    async def _write(self, items: list[Rows]) -> None:
        by_table: dict[Table, list[dict[str, Any]]] = {}
        for rows in items:
            for table, values in rows:
                by_table.setdefault(table, []).append(values)
        async with self.db.transaction() as session:
            for table, values in by_table.items():  # insertion order: parents first
                await session.execute(insert(table), values)
