"""Floors on the challenge sets, and the phrasing families the challenge set exposed.

triage_challenge.jsonl (187 reports) was written before the engine was changed and
the engine was then improved on it, so its floors guard against regressions rather
than measure generalisation. triage_challenge_holdout.jsonl (40 reports) was written
after those changes; its known misses were named when the lexicon families were built, so
it is a regression guard now. triage_holdout2.jsonl (99 reports) was written before the
families and never tuned on: it is the honest estimate of how the engine does on reports
it has not seen. Do not tune on it; write a new holdout instead. triage_breadth.jsonl is
the families' working set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from services.triage.engine import TriageEngine, TriageInput
from services.triage.evaluate import evaluate

pytestmark = pytest.mark.unit

DATA = Path(__file__).resolve().parents[3] / "tests" / "data"


def test_challenge_set_meets_floors() -> None:
    report = evaluate(DATA / "triage_challenge.jsonl")
    assert report["n"] == 187
    assert report["category_micro_f1"] >= 0.95
    assert report["category_macro_f1"] >= 0.95
    assert report["force_accuracy"] >= 0.97
    assert report["priority_accuracy"] >= 0.95
    assert report["disposition_accuracy"] >= 0.97


def test_holdout_does_not_regress() -> None:
    report = evaluate(DATA / "triage_challenge_holdout.jsonl")
    assert report["n"] == 40
    assert report["category_micro_f1"] >= 0.85
    assert report["category_macro_f1"] >= 0.86
    assert report["force_accuracy"] >= 0.95
    assert report["priority_accuracy"] >= 0.88
    assert report["disposition_accuracy"] >= 0.95


def test_second_holdout_does_not_regress() -> None:
    """triage_holdout2.jsonl (99 reports): written before the lexicon families, scored
    once before (micro 0.606, macro 0.625, priority 0.727) and once after them (micro
    0.917, macro 0.917, force 1.000, priority 0.838, disposition 0.990). Never tuned on:
    the floors sit a little under the after figures. Write a new holdout to measure."""
    report = evaluate(DATA / "triage_holdout2.jsonl")
    assert report["n"] == 99
    assert report["category_micro_f1"] >= 0.89
    assert report["category_macro_f1"] >= 0.89
    assert report["force_accuracy"] >= 0.97
    assert report["priority_accuracy"] >= 0.80
    assert report["disposition_accuracy"] >= 0.96


def test_breadth_set_meets_floors() -> None:
    """triage_breadth.jsonl (126 reports) is the working set the families were built on:
    a regression guard, not a measure of generalisation."""
    report = evaluate(DATA / "triage_breadth.jsonl")
    assert report["n"] == 126
    assert report["category_micro_f1"] >= 0.95
    assert report["category_macro_f1"] >= 0.95
    assert report["force_accuracy"] >= 0.97
    assert report["priority_accuracy"] >= 0.92
    assert report["disposition_accuracy"] >= 0.97


def run(engine: TriageEngine, text: str, location: str = "Leeds"):
    return engine.classify(TriageInput(text=text, location=location))


def cats(engine: TriageEngine, text: str, location: str = "Leeds") -> list[str]:
    return [t.code for t in run(engine, text, location).categories]


@pytest.mark.parametrize(
    "text",
    [
        "PC 1003 of West Yorkshire Police hits his wife and controls her money.",
        "Sgt Lee Barr in Wakefield knocks his girlfriend about when he's had a drink.",
        "Inspector Craig Lyle was battering his girlfriend for years.",
        "PC Mark Denton smashed his girlfriend's head against the car door.",
        "husband is pc in Leeds, Rob Kin. he pushed me down the stairs on sunday.",
        "PC Jo Quinn is financially abusing her elderly dad and won't let him see anyone. "
        "He still lives with her.",
        "PC Marcus Hale sends his ex-girlfriend threatening messages saying he'll ruin her life.",
    ],
)
def test_abuse_of_a_partner_or_relative_is_domestic_abuse(engine: TriageEngine, text: str) -> None:
    tags = run(engine, text).categories
    assert [t.code for t in tags] == ["domestic_abuse"]
    assert all(t.evidence for t in tags)


def test_the_callers_son_is_not_the_officers_family(engine: TriageEngine) -> None:
    text = "Caller states an officer with the number 2219 punched her son in the face in Leeds."
    assert cats(engine, text) == ["violence_abuse_of_force"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("PC 1011 shares photographs of dead bodies from crime scenes with friends.", "mi"),
        ("PC 1027 runs PNC checks on his neighbours out of nosiness.", "mi"),
        ("DC Ellie Vance gave a witness's address to the family of the defendant.", "mi"),
        ("Someone at Essex Police is leaking stuff about cases to the papers.", "mi"),
        ("PC Jodie Rae looked up the 999 calls about her sister's neighbour.", "mi"),
        ("PCSO Dean Mills takes upskirt photos of women on the escalators.", "sx"),
        ("Tony on the front counter at Leeds police station makes dirty remarks to women.", "sx"),
        ("pc ross is a nonce, he messages young girls on insta and asks for pics", "sx"),
        ("PC Dan Hewitt has been taking stuff from shops and not paying.", "dh"),
        ("PC Kieran Webb nicks cannabis from the seized property store.", "dh"),
        ("PC Rob Tanner drives Uber most nights and hasn't declared it.", "dh"),
        ("Sgt Nadia Kerr was popping pills at a festival.", "dr"),
        ("PC 1014 threatened to beat up a neighbour and flashed his warrant card.", "vf"),
        ("PC Aaron Stokes said he'd break my legs.", "vf"),
        ("dc Jason Pearce assulted a lad in the back of the van and busted his lip", "vf"),
        ("Sgt Omar Reid mimics Polish detainees' accents and calls them dirty Poles.", "di"),
        ("Inspector Holt says women shouldn't be in the job.", "di"),
        ("Sgt Wilko is on the payroll of the Dobson crew.", "ca"),
        ("PC Oliver Stone keeps his mate's cannabis farm off the radar for a cut.", "ca"),
        ("Sgt Ray Fowler lets the car wash carry on though the workers are modern slaves.", "ca"),
        ("Sgt Priya Dhillon accepted a free week in Dubai from a developer.", "bc"),
        ("PC Nathan Cole has been receiving payments from a haulage firm.", "bc"),
    ],
)
def test_phrasing_families(engine: TriageEngine, text: str, code: str) -> None:
    full = {
        "mi": "misuse_of_information",
        "sx": "sexual_misconduct",
        "dh": "dishonesty",
        "dr": "drugs",
        "vf": "violence_abuse_of_force",
        "di": "discrimination",
        "ca": "criminal_association",
        "bc": "bribery_corruption",
    }[code]
    tags = {t.code: t for t in run(engine, text).categories}
    assert full in tags
    assert tags[full].evidence


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("I wouldn't say PC Ali Khan is racist, he isn't, but he's lazy.", "discrimination"),
        ("I'm not saying PC Adams took a bribe, but he is rude.", "bribery_corruption"),
        ("My neighbour shouted 'you're a racist pig' at PC Andy Lowe.", "discrimination"),
        ("PC Maya Ross was accused of stealing but was cleared of it. She is rude.", "dishonesty"),
        ("Staff investigator Mandy Cross claims mileage for trips she never made.", "drugs"),
        ("DS Colin Marsh said all Muslims are terrorists.", "criminal_association"),
        (
            "I have a non-molestation order against my ex and PC Adams gave him my address.",
            "sexual_misconduct",
        ),
        ("PC Karl Ince was seen kicking his dog in the park.", "violence_abuse_of_force"),
        ("PC Mel Storey was rude when my mum reported her car stolen.", "dishonesty"),
        (
            "Snapchat group where PC Sam Kirby shares jokes about beating up prisoners.",
            "violence_abuse_of_force",
        ),
        (
            "Sgt Paul Keane slapped a female PC's backside in the canteen.",
            "violence_abuse_of_force",
        ),
        ("PC Jay Morris is mates with the lads who run county lines out of Braunstone.", "drugs"),
    ],
)
def test_words_that_are_not_the_allegation(engine: TriageEngine, text: str, absent: str) -> None:
    assert absent not in cats(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "PC Darren Hughes is hitting his wife, she's covered in bruises.",
        "PC Aaron Stokes keeps driving past my house and last night said he'd break my legs. "
        "I'm scared to go out.",
        "one of the coppers keeps sending my daughter sexual messages, she is 14",
        "DC Harriet Moss has been grooming a 16 year old lad from the cadets, buys him gifts.",
        "PC Tom Ogun told the gang on my estate who was grassing them up.",
        "PC Adams told my ex where I'm living now after looking me up on the system. "
        "I have a non-molestation order against my ex.",
    ],
)
def test_current_risk_is_urgent(engine: TriageEngine, text: str) -> None:
    result = run(engine, text)
    assert result.priority == "urgent"
    assert result.priority_evidence
