"""The consumer half of "nothing twice": processed event ids, claimed with the effect."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import Column, Insert, MetaData, String, Table, delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel.sql.sqltypes import UTCDateTime

from shared.db import dialect_insert
from shared.events import utcnow


class Inbox:
    def __init__(self, metadata: MetaData) -> None:
        self.table = Table(
            "inbox",
            metadata,
            Column("event_id", String(36), primary_key=True),
            Column("event_type", String(64), nullable=False),
            Column("processed_at", UTCDateTime(), nullable=False, index=True),
        )
        self._claims: dict[str, Insert] = {}  # by dialect

    async def claim(self, session: AsyncSession, event_id: UUID, event_type: str) -> bool:
        """Record the event as processed; False if it already was (a redelivery)."""
        dialect = session.get_bind().dialect.name
        insert = dialect_insert(dialect)
        stmt = (
            insert(self.table)
            .values(event_id=str(event_id), event_type=event_type, processed_at=utcnow())
            .on_conflict_do_nothing(index_elements=["event_id"])
        )
        result = await session.execute(stmt)
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def claim_many(
        self, session: AsyncSession, claims: Sequence[tuple[UUID, str]]
    ) -> set[UUID]:
        """Record many events as processed in one statement; returns the ids newly claimed
        (an id already processed, or repeated in claims, is claimed at most once)."""
        if not claims:
            return set()
        now = utcnow()
        rows = [
            {"event_id": str(event_id), "event_type": event_type, "processed_at": now}
            for event_id, event_type in claims
        ]
        result = await session.execute(self._claim_statement(session), rows)
        return {UUID(event_id) for event_id in result.scalars()}

    def _claim_statement(self, session: AsyncSession) -> Insert:
        """INSERT ... ON CONFLICT DO NOTHING RETURNING event_id, built once per dialect and
        run with a list of rows (SQLAlchemy sends them as multi-row inserts): a statement
        with the batch's values written in was built, keyed and compiled for every batch."""
        dialect = session.get_bind().dialect.name
        statement = self._claims.get(dialect)
        if statement is None:
            insert = dialect_insert(dialect)
            statement = (
                insert(self.table)
                .on_conflict_do_nothing(index_elements=["event_id"])
                .returning(self.table.c.event_id)
            )
            self._claims[dialect] = statement
        return statement

    async def prune(self, session: AsyncSession, *, older_than: timedelta) -> int:
        """Redeliveries come within minutes; ids kept for a week are plenty."""
        cutoff: datetime = utcnow() - older_than
        result = await session.execute(delete(self.table).where(self.table.c.processed_at < cutoff))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
