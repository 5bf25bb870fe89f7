"""Batch triage: `python -m services.triage.classify < reports.jsonl > predictions.jsonl`.

Lines are processed in order from an empty store, as if they arrived in that
order, so duplicates of earlier lines are found. Labels in the input are ignored.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from services.triage.engine import MemoryReportStore, TriageEngine, TriageInput


def input_from_record(record: dict[str, Any]) -> TriageInput:
    """Map a triage_dev.jsonl-shaped record to the engine's input."""
    subject = record.get("subject") or {}
    return TriageInput(
        text=str(record.get("text") or record.get("what_happened") or ""),
        location=str(record.get("location") or ""),
        force_hint=str(record.get("force_hint") or ""),
        channel=str(record.get("channel") or "online"),
        subject_name=str(subject.get("name") or ""),
        subject_role=str(subject.get("role") or ""),
        subject_number=str(subject.get("number") or ""),
        subject_station=str(subject.get("station") or ""),
        categories_hint=list(record.get("categories_hint") or []),
    )


def classify_records(
    records: Iterable[dict[str, Any]], engine: TriageEngine | None = None
) -> Iterator[dict[str, Any]]:
    """One prediction dict per record, in order, sharing one fresh store."""
    engine = engine or TriageEngine()
    store = MemoryReportStore()
    for n, record in enumerate(records):
        report_id = str(record.get("id") or f"line-{n + 1}")
        result = engine.classify(input_from_record(record), store=store, report_id=report_id)
        yield {
            "id": report_id,
            "categories": [t.code for t in result.categories],
            "force": result.force,
            "priority": result.priority,
            "disposition": result.disposition,
            "evidence": {
                "categories": {t.code: t.evidence for t in result.categories},
                "force": result.force_evidence,
                "priority": result.priority_evidence,
                "disposition": result.disposition_evidence,
                "duplicate_of": result.duplicate_of,
                "confidence": result.confidence,
            },
        }


def _read(stream: TextIO) -> Iterator[dict[str, Any]]:
    for line in stream:
        if line.strip():
            yield json.loads(line)


def main(argv: list[str] | None = None) -> int:
    """Read JSONL on stdin, write JSONL predictions on stdout."""
    _ = argv
    out = sys.stdout
    for prediction in classify_records(_read(sys.stdin)):
        out.write(json.dumps(prediction, ensure_ascii=False) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
