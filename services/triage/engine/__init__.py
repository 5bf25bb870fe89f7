"""Triage classification engine: categories, force, priority, disposition, duplicates.

Import from here; the submodules are implementation detail.
"""

from .engine import Analysis, TriageEngine
from .models import (
    CATEGORY_CODES,
    DISPOSITIONS,
    PRIORITIES,
    CategoryTag,
    MemoryReportStore,
    ReportStore,
    StoredReport,
    TriageInput,
    TriageResult,
)
from .subject import normalise_name

__all__ = [
    "CATEGORY_CODES",
    "DISPOSITIONS",
    "PRIORITIES",
    "Analysis",
    "CategoryTag",
    "MemoryReportStore",
    "ReportStore",
    "StoredReport",
    "TriageEngine",
    "TriageInput",
    "TriageResult",
    "normalise_name",
]
