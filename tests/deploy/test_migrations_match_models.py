"""Each service's migrations build exactly the tables its code uses, on both backends.

Services migrate themselves at start-up; a model changed without a migration would
start cleanly and fail on its first report (a missing column, a wrong type, an index the
look-ups rely on). Alembic's own comparison finds such a difference here instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import MetaData

from services.dispatch.app import MIGRATIONS as DISPATCH_MIGRATIONS
from services.dispatch.database import tables as dispatch_tables
from services.intake.app import MIGRATIONS as INTAKE_MIGRATIONS
from services.intake.database import tables as intake_tables
from services.triage.app import MIGRATIONS as TRIAGE_MIGRATIONS
from services.triage.database import tables as triage_tables
from shared.db import Database
from shared.migrations import upgrade_async
from tests.stack import schema_differences

pytestmark = pytest.mark.integration

SERVICES: dict[str, tuple[Path, MetaData]] = {
    "intake": (INTAKE_MIGRATIONS, intake_tables.metadata),
    "triage": (TRIAGE_MIGRATIONS, triage_tables.metadata),
    "dispatch": (DISPATCH_MIGRATIONS, dispatch_tables.metadata),
}


@pytest.mark.parametrize("service", sorted(SERVICES))
async def test_migrations_build_the_models_schema(service: str, empty_database: Database) -> None:
    migrations, metadata = SERVICES[service]
    await upgrade_async(migrations, empty_database.url)
    assert await schema_differences(empty_database, metadata) == []
