"""The scheduled retention run: every `every_hours`, in its own transaction."""

from __future__ import annotations

import asyncio
import logging

from services.dispatch.retention.service import run_retention
from services.dispatch.retention.settings import RetentionSettings
from shared.db import Database

log = logging.getLogger(__name__)


async def retention_forever(db: Database, settings: RetentionSettings) -> None:
    while True:
        try:
            async with db.transaction() as session:
                result = await run_retention(session=session, settings=settings, dry_run=False)
            if result.reports:
                log.info("retention erased %d reports", result.reports)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("retention run failed; tried again at the next run")
        await asyncio.sleep(settings.every_hours * 3600)
