"""Staff tokens: made here, announced to every service, which keep only their hashes."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.database import tables
from services.dispatch.tokens.schemas import TokenCreate, TokenIssued
from shared.auth import hash_token, new_secret
from shared.errors import NotFound
from shared.events import StaffTokenIssued, StaffTokenRevoked, utcnow


async def issue_token(*, session: AsyncSession, token_in: TokenCreate) -> TokenIssued:
    raw = new_secret("pst")
    event = StaffTokenIssued(
        token_id=uuid4(),
        token_hash=hash_token(raw),
        role=token_in.role,
        name=token_in.name,
        expires_at=utcnow() + timedelta(days=token_in.expires_in_days),
    )
    await tables.staff_tokens.record_issued(session, event)
    await tables.outbox.add(session, event)
    return TokenIssued(
        token_id=event.token_id,
        token=raw,
        role=event.role,
        name=event.name,
        expires_at=event.expires_at,
    )


async def revoke_token(*, session: AsyncSession, token_id: UUID) -> None:
    table = tables.staff_tokens.table
    row = (await session.execute(table.select().where(table.c.token_id == str(token_id)))).first()
    if row is None:
        raise NotFound("No such token.")
    event = StaffTokenRevoked(token_id=token_id)
    await tables.staff_tokens.record_revoked(session, event)
    await tables.outbox.add(session, event)
