from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from shared.db import Database
from tests.stack import Stack, create_postgres_database, drop_postgres_database

# Each end-to-end scenario runs with SQLite (the default) and PostgreSQL databases.
BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=BACKENDS)
async def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A database with no tables, on each backend in turn (for migrations to build)."""
    postgres = request.param == "postgresql"
    name = f"pacars_empty_{uuid.uuid4().hex[:10]}"
    db = Database(
        create_postgres_database(name) if postgres else f"sqlite+aiosqlite:///{tmp_path}/empty.db"
    )
    try:
        yield db
    finally:
        await db.dispose()
        if postgres:
            drop_postgres_database(name)


@pytest.fixture
async def stack(backend: str, tmp_path: Path) -> AsyncIterator[Stack]:
    """All services as real processes, not yet started: a test may configure them first."""
    stack = Stack(backend=backend, workdir=tmp_path)
    # Retries quick enough for a test to watch; the schedule's shape is unchanged.
    stack.configure(
        "dispatch",
        DISPATCH_RETRY_FIRST_DELAY_SECONDS="0.2",
        DISPATCH_RETRY_MAX_DELAY_SECONDS="2",
        DISPATCH_DELIVERY_LEASE_SECONDS="5",
    )
    # Pipeline tests are about delivery: every result flows on. Review has its own tests.
    stack.configure("triage", TRIAGE_REVIEW_THRESHOLD="0")
    try:
        yield stack
    finally:
        await stack.aclose()
