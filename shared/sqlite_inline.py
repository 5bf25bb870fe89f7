"""SQLite statements run on the event loop's own thread instead of a thread hop each.

aiosqlite hands every call (execute, fetch, commit) to a worker thread and wakes the event
loop when it is done. A statement on a local SQLite file takes microseconds; the hop costs
more: a queue put, a thread wake-up, the GIL passed there and back, a self-pipe write. On
this two-core machine, with four services, the broker and the load on it, dispatch ran
about 70 statements per report and the hops were a large part of its CPU.

Running the calls inline is safe here because nothing a service does on SQLite waits for
another transaction of the same process:
- writes in a process are taken one at a time behind `Database`'s write lock (and
  intake's group-commit thread writes under the same lock), so a write never meets
  `busy_timeout` against its own process;
- in WAL mode readers never wait for the writer.
What still blocks the loop is real work: the statement itself and, with synchronous=FULL,
the commit's fsync (the price of "an accepted report survives a crash", paid by the
thread before as well, only elsewhere), and a long query (statistics over a large store)
holds the loop for as long as it runs. Another process holding the write lock (an
operator's tool) would make a write wait on the loop, up to the busy timeout. Deployments
at scale run on PostgreSQL (docker-compose.yml), where none of this applies.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator
from typing import Any

import aiosqlite


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection without its worker thread: each call runs at once."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)

    def __await__(self) -> Generator[Any, None, InlineConnection]:
        return self._connect().__await__()

    async def _connect(self) -> InlineConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    def stop(self) -> None:
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        self.stop()


def inline_connector(path: str, *, timeout: float) -> Callable[[], Any]:
    """An `async_creator` for SQLAlchemy's aiosqlite dialect."""

    async def connect() -> InlineConnection:
        # check_same_thread=False as SQLAlchemy's own aiosqlite connections: the pool may
        # finalise a connection from another thread.
        return await InlineConnection(
            lambda: sqlite3.connect(path, timeout=timeout, check_same_thread=False)
        )

    return connect
