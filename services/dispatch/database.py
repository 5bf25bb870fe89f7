"""Dispatch's own database: its SQLModel base and the shared tables it keeps."""

from __future__ import annotations

from shared.db import service_base
from shared.runtime import ServiceTables

DispatchModel = service_base()
tables = ServiceTables(DispatchModel.metadata)
