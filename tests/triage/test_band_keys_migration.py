"""Upgrading triage's duplicate bands to 128-bit keys in a clustered table: reports stored
before the upgrade are still found as duplicates and still linked by the officer they
name, on both backends; the schema is the models' own; a downgrade and upgrade keep it."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import uuid
from dataclasses import asdict
from datetime import UTC, datetime

import pytest
from alembic import command
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
from tests.stack import schema_differences

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


async def test_reports_stored_before_the_upgrade_still_meet_new_ones(
    empty_database: Database,
) -> None:
    db = empty_database
    sealer, index = Sealer(new_key_spec()), Indexer(PEPPER)
    await _migrate(db.url, BEFORE)
    earlier = await _store_the_old_way(db, sealer)

    await _migrate(db.url, "head")

    assert await schema_differences(db, TriageModel.metadata) == []
    async with db.transaction() as session:
        store = DatabaseReportStore(session, index=index, sealer=sealer)
        found = await store.look_up([*BAND_KEYS, f"subj:{SUBJECT_KEY}"])
        linked = await _link_subject(session, uuid.uuid4(), [SUBJECT_KEY], index)
        stored_keys = (await session.execute(text("SELECT band_key FROM duplicate_bands"))).all()
    assert [c.report_id for c in found] == [earlier.report_id]
    assert linked == [uuid.UUID(earlier.report_id)]
    assert {len(key) for (key,) in stored_keys} == {32}


async def test_a_downgrade_and_upgrade_keep_the_bands(empty_database: Database) -> None:
    db = empty_database
    sealer, index = Sealer(new_key_spec()), Indexer(PEPPER)
    await _migrate(db.url, BEFORE)
    earlier = await _store_the_old_way(db, sealer)
    await _migrate(db.url, "head")

    await _migrate(db.url, BEFORE, down=True)
    await _migrate(db.url, "head")

    assert await schema_differences(db, TriageModel.metadata) == []
    async with db.transaction() as session:
        store = DatabaseReportStore(session, index=index, sealer=sealer)
        found = await store.look_up(BAND_KEYS)
    assert [c.report_id for c in found] == [earlier.report_id]
