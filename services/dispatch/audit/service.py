"""Dispatch's audit entries: who (staff token name and role, or a force's code) did what to
which package, force or token. Never a reporter, never report content: targets are ids."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.audit.schemas import AuditEntry, AuditVerification
from services.dispatch.database import tables
from services.dispatch.forces.models import ForceRecord
from shared.auth import Staff


async def record_staff(
    session: AsyncSession,
    staff: Staff,
    *,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
) -> None:
    await tables.audit.record(
        session,
        actor=staff.name[:200],
        role=staff.role,
        action=action,
        target=target[:200],
        detail=detail,
    )


async def record_force(
    session: AsyncSession,
    force: ForceRecord,
    *,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
) -> None:
    await tables.audit.record(
        session, actor=force.code, role="force", action=action, target=target, detail=detail
    )


async def recent_entries(*, session: AsyncSession, limit: int) -> list[AuditEntry]:
    table = tables.audit.table
    rows = (await session.execute(select(table).order_by(table.c.id.desc()).limit(limit))).all()
    return [
        AuditEntry(
            id=r.id,
            at=r.at,
            actor=r.actor,
            role=r.role,
            action=r.action,
            target=r.target,
            detail=r.detail,
        )
        for r in rows
    ]


async def verify(*, session: AsyncSession) -> AuditVerification:
    result = await tables.audit.verify(session)
    return AuditVerification(
        ok=result.ok,
        entries=result.entries,
        first_broken_id=result.first_broken_id,
        reason=result.reason,
    )
