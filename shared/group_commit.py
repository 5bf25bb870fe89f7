"""Group commit for request handlers that only insert rows (intake's submissions)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.batching import TransactionBatcher
from shared.db import Database

Rows = Sequence[tuple[Table, dict[str, Any]]]


class GroupCommitter(TransactionBatcher[Rows]):
    def __init__(
        self, db: Database, *, max_batch: int = 500, on_commit: Callable[[], None] | None = None
    ) -> None:
        # A request is answered 503 at once when the database is unreachable, not held.
        super().__init__(
            db,
            self._insert_one,
            name="group commit",
            max_batch=max_batch,
            on_commit=on_commit,
            wait_out_outages=False,
        )

    async def insert(self, rows: Rows) -> None:
        """Returns once the rows are committed; raises what their insert raised."""
        await self.submit(rows)

    async def _insert_one(self, session: AsyncSession, rows: Rows) -> None:
        await self.apply_many(session, [rows])

    async def apply_many(self, session: AsyncSession, items: list[Rows]) -> None:
        # One multi-row insert per table for the whole batch, parents first.
        by_table: dict[Table, list[dict[str, Any]]] = {}
        for rows in items:
            for table, values in rows:
                by_table.setdefault(table, []).append(values)
        for table, batch in by_table.items():
            await session.execute(insert(table), batch)
