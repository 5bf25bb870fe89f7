"""Group commit for request handlers that only insert rows (intake's submissions).

Requests hand their rows to one writer task; while one transaction commits, the next
requests' rows queue up and go together in the following one, and each request is
answered only after the transaction holding its rows committed. If a batch fails, its
requests are retried one transaction each, so a bad row fails only its own request; an
unreachable database fails the batch at once (503) instead of holding requests.

On SQLite the transaction runs on a dedicated thread with the standard library's sqlite3
(shared.db.SqliteWriter: the engine's pragmas, durability included): one hop off the event
loop per batch, where SQLAlchemy with aiosqlite cost a hop per statement and bookkeeping
per row on the event loop. The outbox rows of each commit are handed to the relay in
memory (no query to find them), and the rows the relay has had confirmed since the last
commit are deleted in the same transaction. On PostgreSQL the batch is one multi-row
SQLAlchemy Core insert per table and the relay polls as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, insert

from shared.db import Database, SqliteWriter, is_transient
from shared.outbox import Outbox, Pending

log = logging.getLogger(__name__)

Rows = Sequence[tuple[Table, dict[str, Any]]]


@dataclass
class _Insert:
    """How one table's rows with one set of keys are written by sqlite3."""

    sql: str
    columns: list[str]
    convert: list[Any]  # the dialect's bind processors (None: as is)
    defaults: dict[str, Any] = field(default_factory=dict)

    def values(self, row: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for name, convert in zip(self.columns, self.convert, strict=True):
            value = row[name] if name in row else self.defaults[name]
            out.append(convert(value) if convert is not None and value is not None else value)
        return tuple(out)


@dataclass(frozen=True)
class _Delete:
    """Outbox rows the broker has confirmed (by event id), to delete in the next transaction."""

    event_ids: Sequence[str]


Item = Rows | _Delete


class GroupCommitter:
    def __init__(
        self,
        db: Database,
        *,
        outbox: Outbox | None = None,
        max_batch: int = 500,
    ) -> None:
        self.db = db
        self.outbox = outbox
        self.max_batch = max_batch
        self._queue: asyncio.Queue[tuple[Item, asyncio.Future[None]]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        path = db.sqlite_path
        self._writer = SqliteWriter(path) if path is not None else None
        self._inserts: dict[tuple[Table, tuple[str, ...]], _Insert] = {}
        if self._writer is not None and outbox is not None:
            # Confirmed outbox rows are deleted in the next group commit (see Outbox).
            outbox.use_deleter(self.delete_outbox_rows)

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name="group commit")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._writer is not None:
            await asyncio.to_thread(self._writer.close)

    async def insert(self, rows: Rows) -> None:
        """Returns once the rows are committed; raises what their insert raised."""
        await self._submit(rows)

    async def delete_outbox_rows(self, event_ids: Sequence[str]) -> None:
        """Delete published outbox rows in the next transaction (returns after its commit)."""
        await self._submit(_Delete(event_ids))

    async def _submit(self, item: Item) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((item, future))
        await future

    async def run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            if self.outbox is not None:
                await self.outbox.room()  # the relay keeps up with what is accepted
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            live = [(item, fut) for item, fut in batch if not fut.cancelled()]
            if not live:
                continue
            try:
                await self._commit([item for item, _ in live])
            except Exception as exc:
                if is_transient(exc) or len(live) == 1:
                    for _, fut in live:
                        _settle(fut, exc)
                    continue
                log.warning("group commit: a batch of %d failed; retrying one by one", len(live))
                for item, fut in live:
                    try:
                        await self._commit([item])
                    except Exception as one:
                        _settle(fut, one)
                    else:
                        _settle(fut, None)
            else:
                for _, fut in live:
                    _settle(fut, None)

    async def _commit(self, items: list[Item]) -> None:
        # One list of rows per table, tables in order of first appearance (parents first).
        by_table: dict[Table, list[dict[str, Any]]] = {}
        deletes: list[str] = []
        for item in items:
            if isinstance(item, _Delete):
                deletes += item.event_ids
                continue
            for table, values in item:
                by_table.setdefault(table, []).append(values)
        if self._writer is None:
            async with self.db.transaction() as session:
                for table, rows in by_table.items():
                    await session.execute(insert(table), rows)
                if self.outbox is not None and self.outbox.table in by_table:
                    self.outbox.mark(session)  # the relay's poll finds them after the commit
            return
        events = by_table.get(self.outbox.table, []) if self.outbox is not None else []
        async with self.db.write_lock():
            await self._writer.transaction(lambda conn: self._write(conn, by_table, deletes))
        if events and self.outbox is not None:
            self.outbox.committed(
                [
                    Pending(
                        row["event_id"], row["routing_key"], row["payload"], row["correlation_id"]
                    )
                    for row in events
                ]
            )

    def _write(
        self,
        conn: sqlite3.Connection,
        by_table: dict[Table, list[dict[str, Any]]],
        deletes: list[str],
    ) -> None:
        """On the writer thread, inside its transaction: the inserts (one executemany per
        table and shape), then the deletes of confirmed outbox rows (by event id)."""
        for table, rows in by_table.items():
            shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for row in rows:
                shapes.setdefault(tuple(row), []).append(row)
            for keys, same in shapes.items():
                plan = self._plan(table, keys)
                conn.executemany(plan.sql, [plan.values(row) for row in same])
        if deletes:
            assert self.outbox is not None
            outbox = self.outbox.table.name
            for start in range(0, len(deletes), 500):
                chunk = deletes[start : start + 500]
                marks = ",".join("?" * len(chunk))
                conn.execute(
                    f'DELETE FROM "{outbox}" WHERE event_id IN ({marks})',  # noqa: S608
                    chunk,
                )

    def _plan(self, table: Table, keys: tuple[str, ...]) -> _Insert:
        plan = self._inserts.get((table, keys))
        if plan is not None:
            return plan
        dialect = self.db.engine.dialect
        columns: list[str] = []
        defaults: dict[str, Any] = {}
        for column in table.columns:
            if column.name in keys:
                columns.append(column.name)
            elif column.default is not None and column.default.is_scalar:
                columns.append(column.name)
                defaults[column.name] = column.default.arg  # type: ignore[attr-defined]
            elif column.default is not None:
                raise ValueError(f"{table.name}.{column.name}: give it a value")
        unknown = set(keys) - set(columns)
        if unknown:
            raise ValueError(f"{table.name} has no column {sorted(unknown)}")
        # The engine's own conversions (UUIDs, datetimes, ...), so rows look the same.
        convert = [
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
        ]
        names = ", ".join(f'"{name}"' for name in columns)
        marks = ", ".join("?" * len(columns))
        plan = _Insert(
            sql=f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',  # noqa: S608
            columns=columns,
            convert=convert,
            defaults=defaults,
        )
        self._inserts[(table, keys)] = plan
        return plan


def _settle(future: asyncio.Future[None], error: BaseException | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
