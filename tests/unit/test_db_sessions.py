"""Sessions on SQLite (statements run on the event loop) hand their connection back as
they close, so many requests reading at once share a few connections instead of opening
new ones (each open on SQLite runs the service's pragmas)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from shared.db import Database

pytestmark = pytest.mark.integration


async def test_readers_at_once_share_the_pools_connections(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/reads.db")
    opened = 0

    @event.listens_for(db.engine.sync_engine.pool, "connect")
    def count(*_: Any) -> None:
        nonlocal opened
        opened += 1

    async def one_request() -> int:
        async with db.reader() as session:
            value = (await session.execute(text("SELECT 1"))).scalar_one()
        await asyncio.sleep(0)  # the request goes on with other work
        return int(value)

    answers = await asyncio.gather(*(one_request() for _ in range(64)))
    await db.dispose()
    assert answers == [1] * 64
    # One connection served them all in turn. Closed by AsyncSession's own context
    # manager, each session kept its connection until a task of its own closed it, and
    # the pool opened all it could (15: its size and overflow) while the rest waited.
    assert opened <= 2
