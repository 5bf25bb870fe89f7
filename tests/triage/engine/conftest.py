"""One engine for the whole test module set: loading reference data once is the point."""

from __future__ import annotations

import pytest

from services.triage.engine import TriageEngine


@pytest.fixture(scope="session")
def engine() -> TriageEngine:
    return TriageEngine()
