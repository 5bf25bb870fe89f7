"""Accuracy floors on the dev corpus: a lexicon or rule change must not lower them."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.triage.evaluate import evaluate

pytestmark = pytest.mark.unit

DEV = Path(__file__).resolve().parents[3] / "tests" / "data" / "triage_dev.jsonl"


def test_dev_corpus_meets_targets() -> None:
    report = evaluate(DEV)
    assert report["n"] == 150
    assert report["category_macro_f1"] >= 0.92
    assert report["force_accuracy"] >= 0.97
    assert report["disposition_accuracy"] >= 0.92
    assert report["priority_accuracy"] >= 0.88
