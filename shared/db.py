"""The async database of one service: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from shared.sqlite_inline import inline_connector

T = TypeVar("T")


def is_transient(exc: BaseException) -> bool:
    """A failure of the database's reachability (not of the statement): worth waiting out."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, (OperationalError, InterfaceError, OSError, TimeoutError))


def normalise_url(url: str) -> str:
    """Accept the usual spellings and pick the async drivers."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    return url


def apply_sqlite_pragmas(dbapi_conn: Any) -> None:
    """Every SQLite connection of a service, the engine's and the group committer's alike."""
    cursor = dbapi_conn.cursor()
    # WAL lets readers work beside the writer; synchronous=FULL keeps every commit
    # on disk before we answer, because an accepted report must survive a crash.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows (e.g. published outbox entries) are overwritten, not left in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def dialect_insert(dialect: str) -> Callable[..., Any]:
    """The dialect's own insert(), the one with ON CONFLICT (on_conflict_do_nothing and
    on_conflict_do_update): PostgreSQL's, else SQLite's."""
    return pg_insert if dialect == "postgresql" else sqlite_insert


def make_engine(url: str, *, sqlite_inline: bool = True, **kwargs: Any) -> AsyncEngine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        if sqlite_inline and path and path != ":memory:":
            # Each statement on the loop's thread, not a hop to aiosqlite's (see
            # shared.sqlite_inline for why that is safe here).
            kwargs.setdefault("async_creator", inline_connector(path, timeout=30))
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
            apply_sqlite_pragmas(dbapi_conn)

        return engine
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 10)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


class Database:
    """A service's engine and sessions.

    SQLite allows one writer at a time and answers "database is locked" rather than
    queueing when a reading transaction tries to write; writes in this process are
    therefore taken in turn behind one lock. PostgreSQL needs no such lock.
    """

    def __init__(self, url: str, *, sqlite_inline: bool = True, **engine_kwargs: Any) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, sqlite_inline=sqlite_inline, **engine_kwargs)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self.is_sqlite = self.url.startswith("sqlite")
        self._write_lock = asyncio.Lock() if self.is_sqlite else None
        # Statements on the loop's own thread (see make_engine): closing a session never
        # waits, so it can be closed in place (see reader).
        self._inline = self.is_sqlite and sqlite_inline and self.sqlite_path is not None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commit on success, roll back on error."""
        if self._write_lock is None:
            async with self.sessionmaker() as session, session.begin():
                yield session
            return
        async with self._write_lock, self.sessionmaker() as session, session.begin():
            yield session

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncSession]:
        """A session for reads only; it never commits.

        AsyncSession's own context manager closes it in a task of its own (so that a
        cancellation cannot cut the close short), which holds the connection across a
        turn of the event loop. With many requests reading at once (a force's
        acknowledgements, each looking up its API key) the pool overflowed: dispatch
        opened 458 new SQLite connections per 1,000 reports, each running the pragmas.
        Inline SQLite's close never waits, so nothing can cut it short: it is closed in
        place. (transaction() keeps the library's close: holding the write lock that
        turn longer lets more items join each batch; closing in place there raised
        dispatch's commits from 614 to 1,715 per 1,000 reports, and its CPU with them.)"""
        if not self._inline:
            async with self.sessionmaker() as session:
                yield session
            return
        session = self.sessionmaker()
        try:
            yield session
        finally:
            await session.close()

    @asynccontextmanager
    async def write_lock(self) -> AsyncIterator[None]:
        """Held while writing outside `transaction()` (SQLite's one writer at a time)."""
        if self._write_lock is None:
            yield
            return
        async with self._write_lock:
            yield

    @property
    def sqlite_path(self) -> str | None:
        """The database file, for a SQLite database on disk."""
        if not self.is_sqlite:
            return None
        path = self.url.split(":///", 1)[1].split("?", 1)[0]
        return path if path and path != ":memory:" else None

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def dispose(self) -> None:
        await self.engine.dispose()


class SqliteWriter:
    """One stdlib sqlite3 connection on its own thread, for batched writes off the event loop.

    SQLAlchemy with aiosqlite costs a thread hop per statement and its own bookkeeping per
    row; a batch of many requests' rows is cheaper as one function run on this thread in one
    transaction (BEGIN IMMEDIATE ... COMMIT), with the same pragmas (and durability) as the
    engine's connections. The caller holds `Database.write_lock()` meanwhile.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            apply_sqlite_pragmas(conn)
            self._conn = conn
        return self._conn

    def _in_transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    async def transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run work(connection) in one transaction on the writer thread; sqlite3's errors
        come back as SQLAlchemy's (IntegrityError, OperationalError, ...) like the engine's."""
        from sqlalchemy.exc import DBAPIError

        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, self._in_transaction, work)
        except sqlite3.Error as exc:
            raise DBAPIError.instance(
                "group commit", None, exc, sqlite3.Error, connection_invalidated=False
            ) from exc

    def close(self) -> None:
        def close_connection() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        self._executor.submit(close_connection)
        self._executor.shutdown(wait=True)
