"""Intake's own database: its SQLModel base and the shared tables it keeps."""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

from shared.runtime import ServiceTables


class IntakeModel(SQLModel, registry=registry()):
    """Base of intake's tables: its own metadata, so it migrates only its own tables."""


tables = ServiceTables(IntakeModel.metadata)
