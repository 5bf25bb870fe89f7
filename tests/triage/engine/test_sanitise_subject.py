"""Sanitising removes the reporter, keeps the officer; subject keys link name variants."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from services.triage.engine import TriageEngine, TriageInput, normalise_name

pytestmark = pytest.mark.unit

TEXT = (
    "My name is Jenny Walsh and I live at 22 Holly Road, Stockport SK4 2AB. Call me on "
    "07700 900456 or jenny.w@example.com. PC 4521 Dave Smith at Bootle station punched "
    "my son. I'm Sarah, his ex, and I work nights."
)


def test_sanitiser_removes_reporter_details_and_keeps_officer(engine: TriageEngine) -> None:
    r = engine.classify(TriageInput(text=TEXT, personal_sentences=["I work nights."]))
    out = r.sanitised_text
    for secret in (
        "Jenny",
        "Walsh",
        "22 Holly Road",
        "07700",
        "jenny.w@example.com",
        "Sarah",
        "I work nights",
    ):
        assert secret not in out
    for kept in ("PC 4521 Dave Smith", "Bootle station"):
        assert kept in out
    kinds = {red["kind"] for red in r.redactions}
    assert {"reporter_name", "address", "phone", "email", "personal"} <= kinds
    for red in r.redactions:
        assert TEXT[red["start"] : red["end"]]  # offsets point into the original text
        assert set(red) == {"kind", "start", "end", "marker"}
    assert len(r.summary) <= 200 and "\n" not in r.summary


def test_routing_postcode_in_location_is_not_redacted(engine: TriageEngine) -> None:
    r = engine.classify(TriageInput(text="PC Ann Lee in Hull, HU5, took my phone.", location="HU5"))
    assert "HU5" in r.sanitised_text
    assert r.redactions == []


def test_subject_extracted_from_text(engine: TriageEngine) -> None:
    r = engine.classify(TriageInput(text=TEXT))
    assert r.subject["name"] == "Dave Smith"
    assert r.subject["number"] == "4521"
    assert "Bootle" in r.subject["station"]
    assert f"{r.force}:number:4521" in r.subject_keys
    assert f"{r.force}:name:d smith" in r.subject_keys


@pytest.mark.parametrize(
    "name",
    ["PC David Smith", "D. Smith", "PC D Smith", "Dave Smith", "Sgt. D Smith", "Mr David SMITH"],
)
def test_name_normalisation(name: str) -> None:
    assert normalise_name(name) == "d smith"


def test_decision_dict_is_the_whole_result_as_json_and_its_own_copy(engine: TriageEngine) -> None:
    """What triage seals as the assessment's decision: every field of the result, nested
    tags included, JSON as it stands, and changing it (the service pops and adds keys)
    leaves the result alone."""
    result = engine.classify(TriageInput(text=TEXT, subject_name="Dave Smith"))
    decision = result.to_dict()

    assert decision == asdict(result)
    assert json.loads(json.dumps(decision)) == decision
    decision["categories"][0]["evidence"].append("changed")
    decision["redactions"][0]["kind"] = "changed"
    decision["subject"]["changed"] = "yes"
    decision["subject_keys"].append("changed")
    assert result.to_dict() == asdict(result) != decision
