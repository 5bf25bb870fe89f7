"""The inbox: a redelivered event has no second effect, per consumer."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from uuid import uuid4

import pytest
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db import Database
from shared.events import StaffTokenRevoked
from shared.runtime import ConsumerBatcher, ServiceTables

pytestmark = pytest.mark.integration


async def test_two_consumers_of_one_service_each_get_an_event_once(tmp_path: Path) -> None:
    tables = ServiceTables(MetaData())
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/inbox.db")
    async with db.engine.begin() as conn:
        await conn.run_sync(tables.metadata.create_all)
    runtime = SimpleNamespace(db=db, tables=tables, outbox=tables.outbox)
    seen: list[str] = []

    def handler(name: str):  # type: ignore[no-untyped-def]
        async def handle(session: AsyncSession, event: StaffTokenRevoked) -> None:
            seen.append(name)

        return {"staff_token.revoked": handle}

    packages = ConsumerBatcher(
        runtime,
        handler("packages"),
        queue="svc.packages",  # type: ignore[arg-type]
        name="packages",
        max_batch=10,
    )
    stats = ConsumerBatcher(
        runtime,
        handler("stats"),
        queue="svc.stats",  # type: ignore[arg-type]
        name="stats",
        max_batch=10,
    )
    packages.batcher.start()
    stats.batcher.start()
    event = StaffTokenRevoked(token_id=uuid4())
    for _ in range(2):  # delivered, then redelivered, to each consumer
        await packages.handle(event)
        await stats.handle(event)
    assert sorted(seen) == ["packages", "stats"]
    await packages.batcher.stop()
    await stats.batcher.stop()
