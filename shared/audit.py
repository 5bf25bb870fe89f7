"""An append-only audit log of staff and force actions, hash-chained so tampering shows.

Each entry's hash covers its own fields and the previous entry's hash: changing, removing
or reordering any entry breaks every hash after it, and `verify` says where. Actors are
staff (by token name and role) or forces (by code): reporters are never in it, and no
report content is (targets are ids and codes).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
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
    insert,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel.sql.sqltypes import UTCDateTime

from shared.events import utcnow

GENESIS = "0" * 64
# Verification gives the event loop a turn after so many entries (a few milliseconds).
VERIFY_PAUSE_EVERY = 500
# session.info key: (the transaction, the last hash it appended)
_TAIL = "audit_tail"


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_broken_id: int | None = None
    reason: str = ""


def _digest(
    previous: str, at: datetime, actor: str, role: str, action: str, target: str, detail: str
) -> str:
    moment = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    canonical = json.dumps(
        [previous, moment.isoformat(timespec="microseconds"), actor, role, action, target, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class AuditLog:
    def __init__(self, metadata: MetaData) -> None:
        self.table = Table(
            "audit_log",
            metadata,
            Column(
                "id",
                BigInteger().with_variant(Integer, "sqlite"),
                primary_key=True,
                autoincrement=True,
            ),
            Column("at", UTCDateTime(), nullable=False),
            Column("actor", String(200), nullable=False),
            Column("role", String(32), nullable=False),
            Column("action", String(64), nullable=False),
            Column("target", String(200), nullable=False),
            Column("detail", Text, nullable=False, default="{}"),
            Column("previous_hash", String(64), nullable=False),
            Column("hash", String(64), nullable=False, unique=True),
        )
        # Built once: a statement with its values built per entry cost a cache key each.
        self._insert = insert(self.table)

    async def record(
        self,
        session: AsyncSession,
        *,
        actor: str,
        role: str,
        action: str,
        target: str,
        detail: dict[str, Any] | None = None,
    ) -> str:
        """Append an entry in the caller's transaction; returns its hash."""
        previous = await self._tail(session)
        # Stored and hashed as stored: a value cut to the column's width must verify.
        actor, target = actor[:200], target[:200]
        at = utcnow()
        detail_text = json.dumps(detail or {}, sort_keys=True, ensure_ascii=False)
        digest = _digest(previous, at, actor, role, action, target, detail_text)
        await session.execute(
            self._insert,
            {
                "at": at,
                "actor": actor,
                "role": role,
                "action": action,
                "target": target,
                "detail": detail_text,
                "previous_hash": previous,
                "hash": digest,
            },
        )
        session.info[_TAIL] = (session.sync_session.get_transaction(), digest)
        return digest

    async def _tail(self, session: AsyncSession) -> str:
        """The chain's last hash. Read (and on PostgreSQL locked) once per transaction: the
        lock, like SQLite's write lock, keeps every other writer out until it ends, so a
        batch of entries (a force's acknowledgements committed together) carries it on."""
        transaction = session.sync_session.get_transaction()
        carried = session.info.get(_TAIL)
        if carried is not None and carried[0] is transaction:
            return carried[1]  # type: ignore[no-any-return]
        if session.get_bind().dialect.name == "postgresql":
            # One writer at a time, so the chain stays a line (SQLite's write lock does this).
            await session.execute(text("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE"))
        return (
            await session.execute(
                select(self.table.c.hash).order_by(self.table.c.id.desc()).limit(1)
            )
        ).scalar_one_or_none() or GENESIS

    async def verify(self, session: AsyncSession) -> Verification:
        previous = GENESIS
        count = 0
        rows = await session.stream(select(self.table).order_by(self.table.c.id))
        async for row in rows:
            count += 1
            if row.previous_hash != previous:
                return Verification(
                    False, count, row.id, "an entry before it was changed or removed"
                )
            expected = _digest(
                previous, row.at, row.actor, row.role, row.action, row.target, row.detail
            )
            if row.hash != expected:
                return Verification(False, count, row.id, "this entry was changed")
            previous = row.hash
            if count % VERIFY_PAUSE_EVERY == 0:
                # SQLite runs on the event loop (shared.sqlite_inline): without a pause, a
                # long chain would hold up every request and delivery until it was read.
                await asyncio.sleep(0)
        return Verification(True, count)
