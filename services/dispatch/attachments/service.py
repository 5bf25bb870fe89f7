"""Which evidence a force may have: only files listed in one of its own packages."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.dispatch.forces.models import ForceRecord
from services.dispatch.packages.models import Package
from services.dispatch.packages.schemas import AttachmentLink, PackageData
from shared.crypto import Sealer
from shared.errors import NotFound


async def listed_attachment(
    *,
    session: AsyncSession,
    force: ForceRecord,
    package_id: UUID,
    attachment_id: UUID,
    data_sealer: Sealer,
) -> AttachmentLink:
    """The attachment as the package lists it; 404 (never 403) for another force's package
    or a file the package does not list, so nothing about them leaks."""
    package = (
        await session.execute(select(Package).where(Package.id == package_id))  # type: ignore[arg-type]
    ).scalar_one_or_none()
    if package is None or package.force != force.code:
        raise NotFound("No such package.")
    data = PackageData.model_validate_json(data_sealer.open(package.sealed_data))
    for link in data.attachments:
        if link.attachment_id == attachment_id:
            return link
    raise NotFound("The package has no such attachment.")
