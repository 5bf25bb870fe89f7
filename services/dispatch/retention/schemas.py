from __future__ import annotations

from pydantic import BaseModel


class RetentionRun(BaseModel):
    dry_run: bool
    reports: int
    packages: int
    notices: int
