"""Upgrading triage's duplicate bands to 128-bit keys in a clustered table: reports stored
before the upgrade are still found as duplicates and still linked by the officer they
name, on both backends; the schema is the models' own; a downgrade and upgrade keep it."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import String, Uuid, column, insert, table, text
from sqlmodel.sql.sqltypes import UTCDateTime

from services.triage.app import MIGRATIONS
from services.triage.assessments.service import _link_subject
from services.triage.assessments.store import DatabaseReportStore, Indexer
from services.triage.database import TriageModel
from services.triage.engine import StoredReport
from shared.crypto import Sealer, new_key_spec
from shared.db import Database
from shared.migrations import alembic_config
from tests.stack import create_postgres_database, drop_postgres_database

pytestmark = pytest.mark.integration

BEFORE = "55c6145b0909"  # the last revision with 256-bit keys
PEPPER = "pepper"
BAND_KEYS = [f"mh{band}:officer-smith-station" for band in range(8)]
SUBJECT_KEY = "kent:number:4521"


# The tables as revision BEFORE left them (the models describe head's).
_OLD_FINGERPRINTS = table("fingerprints", column("report_id", Uuid()), column("data", String()))
_OLD_BANDS = table(
    "duplicate_bands",
    column("band_key", String()),
    column("report_id", Uuid()),
    column("added_at", UTCDateTime()),
)
_OLD_LINKS = table("subject_links", column("subject_key", String()), column("report_id", Uuid()))


def _old_index(key: str) -> str:
    """Keys as revision BEFORE's code stored them: the whole keyed hash."""
    return hmac.new(PEPPER.encode(), key.encode(), hashlib.sha256).hexdigest()


async def _migrate(url: str, revision: str, *, down: bool = False) -> None:
    step = command.downgrade if down else command.upgrade
    await asyncio.to_thread(step, alembic_config(MIGRATIONS, url), revision)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    name = f"pacars_bands_{uuid.uuid4().hex[:10]}"
    if request.param == "postgresql":
        db = Database(create_postgres_database(name))
    else:
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/triage.db")
    try:
        yield db
    finally:
        await db.dispose()
        if request.param == "postgresql":
            drop_postgres_database(name)


async def _store_the_old_way(db: Database, sealer: Sealer) -> StoredReport:
    earlier = StoredReport(
        report_id=str(uuid.uuid4()),
        fingerprint=[1] * 64,
        force="kent",
        categories=["corruption"],
        priority="standard",
        band_keys=[*BAND_KEYS, f"subj:{SUBJECT_KEY}"],
        subject_keys=[SUBJECT_KEY],
    )
    report_id = uuid.UUID(earlier.report_id)
    async with db.transaction() as session:
        await session.execute(
            insert(_OLD_FINGERPRINTS),
            {"report_id": report_id, "data": sealer.seal(json.dumps(asdict(earlier)))},
        )
        await session.execute(
            insert(_OLD_BANDS),
            [
                {"band_key": _old_index(k), "report_id": report_id, "added_at": datetime.now(UTC)}
                for k in earlier.band_keys
            ],
        )
        await session.execute(
            insert(_OLD_LINKS), {"subject_key": _old_index(SUBJECT_KEY), "report_id": report_id}
        )
    return earlier


async def _schema_differences(db: Database) -> list[object]:
    async with db.engine.connect() as conn:
        return await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), TriageModel.metadata)
        )


async def test_reports_stored_before_the_upgrade_still_meet_new_ones(database: Database) -> None:
    sealer, index = Sealer(new_key_spec()), Indexer(PEPPER)
    await _migrate(database.url, BEFORE)
    earlier = await _store_the_old_way(database, sealer)

    await _migrate(database.url, "head")

    assert await _schema_differences(database) == []
    async with database.transaction() as session:
        store = DatabaseReportStore(session, index=index, sealer=sealer)
        found = await store.look_up([*BAND_KEYS, f"subj:{SUBJECT_KEY}"])
        linked = await _link_subject(session, uuid.uuid4(), [SUBJECT_KEY], index)
        stored_keys = (await session.execute(text("SELECT band_key FROM duplicate_bands"))).all()
    assert [c.report_id for c in found] == [earlier.report_id]
    assert linked == [uuid.UUID(earlier.report_id)]
    assert {len(key) for (key,) in stored_keys} == {32}


async def test_a_downgrade_and_upgrade_keep_the_bands(database: Database) -> None:
    sealer, index = Sealer(new_key_spec()), Indexer(PEPPER)
    await _migrate(database.url, BEFORE)
    earlier = await _store_the_old_way(database, sealer)
    await _migrate(database.url, "head")

    await _migrate(database.url, BEFORE, down=True)
    await _migrate(database.url, "head")

    assert await _schema_differences(database) == []
    async with database.transaction() as session:
        store = DatabaseReportStore(session, index=index, sealer=sealer)
        found = await store.look_up(BAND_KEYS)
    assert [c.report_id for c in found] == [earlier.report_id]
