"""Category tagging as a reader of the report would judge it."""

from __future__ import annotations

import pytest

from services.triage.engine import TriageEngine, TriageInput

pytestmark = pytest.mark.unit


def cats(engine: TriageEngine, text: str, location: str = "Leeds") -> list[str]:
    return [t.code for t in engine.classify(TriageInput(text=text, location=location)).categories]


def test_negated_bribe_is_not_bribery_but_the_drugs_are(engine: TriageEngine) -> None:
    text = "PC Dan Reed never took a bribe, but he does coke at weekends."
    assert cats(engine, text) == ["drugs"]


def test_reported_speech_about_the_reporter_is_not_the_officers_act(engine: TriageEngine) -> None:
    text = "PC Ali Shah in Bradford said I was dealing drugs and searched me for no reason."
    assert "drugs" not in cats(engine, text)


def test_misspelling_and_slang(engine: TriageEngine) -> None:
    assert "bribery_corruption" in cats(
        engine, "PC Jo Platt takes backhanders off a scaffolding firm to ignore there vans."
    )
    assert "sexual_misconduct" in cats(engine, "PC Andy Blake rapped her in his car in 2021.")
    assert "drugs" in cats(engine, "Sgt Ray Cobb smokes spliffs with the lads every weekend.")


def test_domestic_violence_is_domestic_abuse_only(engine: TriageEngine) -> None:
    text = "My husband is a PC in Leeds (PC Tom Hill). He punched me and controls my money."
    assert cats(engine, text) == ["domestic_abuse"]


def test_selling_police_data_is_corruption_and_misuse(engine: TriageEngine) -> None:
    text = "PC Gary Lund sells details from police records to a claims firm for 50 quid a name."
    got = cats(engine, text)
    assert "bribery_corruption" in got and "misuse_of_information" in got


def test_slur_in_person_vs_in_a_group_chat(engine: TriageEngine) -> None:
    in_person = cats(engine, "PC Sam Ryder called my mate a paki when arresting him.")
    in_chat = cats(engine, "PC Sam Ryder posts racist memes in the team WhatsApp group.")
    assert in_person == ["discrimination"]
    assert set(in_chat) == {"discrimination", "offensive_communications"}


def test_alcohol_is_other_misconduct_not_drugs(engine: TriageEngine) -> None:
    assert cats(engine, "Sgt Phil Wragg is drunk on duty and drink-drives home.") == [
        "other_misconduct"
    ]


def test_not_police_has_no_categories(engine: TriageEngine) -> None:
    result = engine.classify(TriageInput(text="A security guard punched my son.", location="Leeds"))
    assert result.categories == []
    assert result.disposition == "not_police"
