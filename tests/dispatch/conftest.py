"""Dispatch's handlers and services tested against a scratch SQLite database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.dispatch.database import DispatchModel
from shared.db import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """Dispatch's tables, fresh for each test."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/dispatch.db")
    async with database.engine.begin() as conn:
        await conn.run_sync(DispatchModel.metadata.create_all)
    yield database
    await database.dispose()
