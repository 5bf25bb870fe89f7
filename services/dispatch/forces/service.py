"""The force registry: every force known from the reference data, onboarded one at a time."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.dispatch.delivery.deadlines import overdue
from services.dispatch.forces.models import ForceRecord
from services.dispatch.forces.schemas import ForceCredentials, ForcePublic, ForceUpdate
from services.dispatch.packages.models import Package
from services.dispatch.settings import DispatchSettings
from shared import reference
from shared.auth import hash_token
from shared.crypto import Sealer
from shared.errors import NotFound
from shared.events import utcnow


def new_signing_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_api_key() -> str:
    return "pfk_" + secrets.token_urlsafe(32)


async def ensure_forces_known(
    session: AsyncSession, *, independent: tuple[str, str] | None = None
) -> None:
    """Every force in the reference data exists, not onboarded, from the first start; so
    does the independent destination (code, name) for conflicts of interest, registered
    and onboarded like a force."""
    known = set((await session.execute(select(col(ForceRecord.code)))).scalars())
    wanted = [(f.code, f.name) for f in reference.forces()]
    if independent is not None:
        wanted.append(independent)
    missing = [(code, name) for code, name in wanted if code not in known]
    if missing:
        await session.execute(
            insert(ForceRecord),
            [{"code": code, "name": name, "active": False} for code, name in missing],
        )


async def get_force(session: AsyncSession, code: str) -> ForceRecord:
    force = await session.get(ForceRecord, code)
    if force is None:
        raise NotFound(f"No force with code '{code}'.")
    return force


# Built once: every acknowledgement and pull is authenticated with it.
_BY_API_KEY = select(ForceRecord).where(col(ForceRecord.api_key_hash) == bindparam("digest"))


async def force_by_api_key(session: AsyncSession, raw_key: str) -> ForceRecord | None:
    digest = hash_token(raw_key)
    return (await session.execute(_BY_API_KEY, {"digest": digest})).scalar_one_or_none()


def _public(
    force: ForceRecord,
    counts: dict[str, int] | None = None,
    last: datetime | None = None,
    circuit: str = "closed",
) -> dict[str, object]:
    counts = counts or {}
    return {
        "code": force.code,
        "name": force.name,
        "endpoint_url": force.endpoint_url,
        "active": force.active,
        "onboarded": force.api_key_hash is not None,
        "pending": counts.get("pending", 0),
        "parked": counts.get("parked", 0),
        "delivered": counts.get("delivered", 0),
        "last_delivery_at": last,
        "overdue": counts.get("overdue", 0),
        "circuit": circuit,
    }


async def list_forces(
    session: AsyncSession, *, settings: DispatchSettings, circuits: dict[str, str]
) -> list[ForcePublic]:
    forces = (await session.execute(select(ForceRecord).order_by(ForceRecord.code))).scalars()
    counts: dict[str, dict[str, int]] = {}
    rows = await session.execute(
        select(col(Package.force), col(Package.status), func.count()).group_by(
            col(Package.force), col(Package.status)
        )
    )
    for code, status, n in rows:
        counts.setdefault(code, {})[status] = n
    late = await session.execute(
        select(col(Package.force), func.count())
        .where(overdue(utcnow(), settings))
        .group_by(col(Package.force))
    )
    for code, n in late:
        counts.setdefault(code, {})["overdue"] = n
    newest = await session.execute(
        select(col(Package.force), func.max(Package.delivered_at)).group_by(col(Package.force))
    )
    last: dict[str, datetime | None] = {code: at for code, at in newest}
    return [
        ForcePublic.model_validate(
            _public(f, counts.get(f.code), last.get(f.code), circuits.get(f.code, "closed"))
        )
        for f in forces
    ]


async def update_force(
    *, session: AsyncSession, code: str, update_in: ForceUpdate, sealer: Sealer
) -> ForceCredentials:
    """Onboard (first time: a secret and key are made and returned once) or update a force."""
    force = await get_force(session, code)
    now = utcnow()
    secret = api_key = None
    if force.api_key_hash is None:
        secret, api_key = new_signing_secret(), new_api_key()
        force.sealed_secret = sealer.seal(secret)
        force.api_key_hash = hash_token(api_key)
        force.onboarded_at = now
    force.endpoint_url = update_in.endpoint_url
    force.active = update_in.active
    force.updated_at = now
    session.add(force)
    if force.active and force.endpoint_url:
        # Held packages (waiting for this force to join or come back) go out now.
        await session.execute(
            update(Package)
            .where(Package.force == code, Package.status == "pending")  # type: ignore[arg-type]
            .values(next_attempt_at=now)
        )
    return ForceCredentials.model_validate(
        {**_public(force), "signing_secret": secret, "api_key": api_key}
    )


async def rotate_secret(
    *, session: AsyncSession, code: str, sealer: Sealer, overlap: timedelta
) -> str:
    force = await get_force(session, code)
    secret = new_signing_secret()
    force.sealed_previous_secret = force.sealed_secret
    force.previous_secret_expires_at = utcnow() + overlap
    force.sealed_secret = sealer.seal(secret)
    force.updated_at = utcnow()
    session.add(force)
    return secret


async def rotate_api_key(*, session: AsyncSession, code: str) -> str:
    force = await get_force(session, code)
    api_key = new_api_key()
    force.api_key_hash = hash_token(api_key)
    force.updated_at = utcnow()
    if force.onboarded_at is None:
        force.onboarded_at = utcnow()
    session.add(force)
    return api_key


def signing_secrets(force: ForceRecord, sealer: Sealer) -> list[str]:
    """The current secret, and the previous one while its overlap lasts."""
    found = [sealer.open_text(force.sealed_secret)] if force.sealed_secret else []
    expires = force.previous_secret_expires_at
    if force.sealed_previous_secret and expires is not None:
        if expires.tzinfo is None:
            from datetime import UTC

            expires = expires.replace(tzinfo=UTC)
        if expires > utcnow():
            found.append(sealer.open_text(force.sealed_previous_secret))
    return found


def fingerprint(secret: str) -> str:
    """A short, safe label for a secret in logs (never the secret)."""
    return hashlib.sha256(secret.encode()).hexdigest()[:8]
