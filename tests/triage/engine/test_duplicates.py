"""Duplicates: a reworded or re-channelled account links to the first; a new allegation does not."""

from __future__ import annotations

import json

import pytest

from services.triage.engine import MemoryReportStore, StoredReport, TriageEngine, TriageInput

pytestmark = pytest.mark.unit

FIRST = TriageInput(
    text="PC Darren Wills at Maidstone police station has been taking cash off the Doyle family "
    "who run the scrapyard. Every time there's a raid they know the day before.",
    location="Maidstone",
    subject_name="Darren Wills",
)


def test_reworded_report_is_a_duplicate_with_the_first_labels(engine: TriageEngine) -> None:
    store = MemoryReportStore()
    first = engine.classify(FIRST, store=store, report_id="r1")
    again = engine.classify(
        TriageInput(
            text="Re PC Darren Wills, Maidstone - I reported him last week. He is still at the "
            "Doyles' scrapyard and they pay him so they know before raids.",
            channel="phone",
            subject_name="D. Wills",
        ),
        store=store,
        report_id="r2",
    )
    assert again.disposition == "duplicate"
    assert again.duplicate_of == "r1"
    assert again.force == first.force
    assert [t.code for t in again.categories] == [t.code for t in first.categories]
    assert again.priority == first.priority


def test_new_allegation_about_same_officer_is_not_a_duplicate(engine: TriageEngine) -> None:
    store = MemoryReportStore()
    engine.classify(FIRST, store=store, report_id="r1")
    new = engine.classify(
        TriageInput(
            text="Separate to the scrapyard thing: PC Darren Wills (Kent) slapped his "
            "girlfriend in "
            "the car park on Saturday. She's still with him.",
            location="Maidstone",
            subject_name="Darren Wills",
        ),
        store=store,
        report_id="r2",
    )
    assert new.disposition == "disseminate"
    assert new.duplicate_of is None


def test_exact_copy_is_a_duplicate_and_unrelated_is_not(engine: TriageEngine) -> None:
    store = MemoryReportStore()
    engine.classify(FIRST, store=store, report_id="r1")
    copy = engine.classify(FIRST, store=store, report_id="r2")
    other = engine.classify(
        TriageInput(
            text="PC Amy Carver in Bristol lied in her statement.", subject_name="Amy Carver"
        ),
        store=store,
        report_id="r3",
    )
    assert copy.duplicate_of == "r1"
    assert other.duplicate_of is None


def test_store_lookup_uses_band_keys_and_is_serialisable(engine: TriageEngine) -> None:
    seen: list[list[str]] = []

    class SpyStore(MemoryReportStore):
        def candidates(self, band_keys: list[str]) -> list[StoredReport]:
            seen.append(band_keys)
            return super().candidates(band_keys)

    store = SpyStore()
    engine.classify(FIRST, store=store, report_id="r1")
    assert seen and all(isinstance(k, str) for k in seen[0])
    stored = store.candidates(seen[0])[0]
    json.dumps(stored.__dict__)  # fingerprint etc. must survive a database column


def test_same_wording_about_officers_with_different_numbers_is_not_a_duplicate(
    engine: TriageEngine,
) -> None:
    store = MemoryReportStore()
    words = (
        "of Kent Police fiddles his overtime claims every month and boasts about the "
        "extra money. Everyone on the team knows about it."
    )
    first = engine.classify(TriageInput(text=f"PC 1010 {words}"), store=store, report_id="a")
    second = engine.classify(TriageInput(text=f"PC 1090 {words}"), store=store, report_id="b")
    again = engine.classify(TriageInput(text=f"PC 1010 {words}"), store=store, report_id="c")
    assert first.disposition == second.disposition == "disseminate"
    assert second.duplicate_of is None
    assert again.disposition == "duplicate" and again.duplicate_of == "a"
