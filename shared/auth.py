"""Staff tokens: issued by dispatch, known to every service, stored only as hashes.

Tokens carry 256 random bits, so a fast hash (SHA-256) stores them safely; receipts,
which people type, use a slow hash instead (intake). Dispatch announces each issued or
revoked token as an event and every service keeps its own table of hashes, so a revoked
token is refused everywhere without services sharing a database. ADMIN_TOKEN from the
settings bootstraps the first administrator.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, MetaData, String, Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel.sql.sqltypes import UTCDateTime
from starlette.requests import Request

from shared.db import dialect_insert
from shared.errors import Forbidden, Unauthorized
from shared.events import StaffTokenIssued, StaffTokenRevoked

ROLES = ("call_handler", "analyst", "ops", "admin")


@dataclass(frozen=True)
class Staff:
    role: str
    name: str
    token_id: str

    def has(self, *roles: str) -> bool:
        # admin may do everything the other staff roles may.
        return self.role in roles or self.role == "admin"


def new_secret(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


class StaffTokens:
    def __init__(self, metadata: MetaData) -> None:
        self.table = Table(
            "staff_tokens",
            metadata,
            Column("token_id", String(36), primary_key=True),
            Column("token_hash", String(64), nullable=False, unique=True),
            Column("role", String(32), nullable=False),
            Column("name", String(200), nullable=False),
            Column("expires_at", UTCDateTime(), nullable=False),
            Column("revoked_at", UTCDateTime(), nullable=True),
        )

    async def record_issued(self, session: AsyncSession, event: StaffTokenIssued) -> None:
        dialect = session.get_bind().dialect.name
        insert = dialect_insert(dialect)
        await session.execute(
            insert(self.table)
            .values(
                token_id=str(event.token_id),
                token_hash=event.token_hash,
                role=event.role,
                name=event.name,
                expires_at=event.expires_at,
            )
            .on_conflict_do_nothing(index_elements=["token_id"])
        )

    async def record_revoked(self, session: AsyncSession, event: StaffTokenRevoked) -> None:
        await session.execute(
            update(self.table)
            .where(self.table.c.token_id == str(event.token_id))
            .values(revoked_at=event.occurred_at)
        )

    async def lookup(self, session: AsyncSession, raw: str, *, admin_token: str) -> Staff | None:
        digest = hash_token(raw)
        if hmac.compare_digest(digest, hash_token(admin_token)):
            return Staff(role="admin", name="bootstrap administrator", token_id="bootstrap")  # noqa: S106
        row = (
            await session.execute(select(self.table).where(self.table.c.token_hash == digest))
        ).first()
        if row is None or row.revoked_at is not None:
            return None
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
        if expires <= datetime.now(UTC):
            return None
        return Staff(role=row.role, name=row.name, token_id=row.token_id)

    async def authenticate(
        self, session: AsyncSession, request: Request, roles: tuple[str, ...], *, admin_token: str
    ) -> Staff:
        raw = bearer_token(request)
        if raw is None:
            raise Unauthorized("A staff token is required (Authorization: Bearer ...).")
        staff = await self.lookup(session, raw, admin_token=admin_token)
        if staff is None:
            raise Unauthorized("The token is not valid, has expired or was revoked.")
        if not staff.has(*roles):
            raise Forbidden(f"This needs the {' or '.join(roles)} role.")
        return staff
