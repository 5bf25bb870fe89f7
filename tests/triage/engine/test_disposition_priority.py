"""Dispositions and priorities as the taxonomy defines them."""

from __future__ import annotations

import pytest

from services.triage.engine import TriageEngine, TriageInput

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text",
    [
        "An RSPCA inspector in Taunton kicked my gate.",
        "A Border Force officer at Gatwick made racist comments.",
        "The steward at the ground in Sunderland pushed my son.",
        "My ex is a private investigator (he used to be a DS in the Met) and follows me.",
        "HMRC officer in Leicester keeps harassing my business.",
        "A school crossing patrol lady in Wigan shouted at my kids.",
        "The bailiffs in Salford said they were police and broke the door.",
    ],
)
def test_look_alikes_are_not_police(engine: TriageEngine, text: str) -> None:
    assert engine.classify(TriageInput(text=text)).disposition == "not_police"


@pytest.mark.parametrize(
    "text",
    [
        "A special constable in Ipswich, Ryan Moss, sells weed.",
        "PCSO Dean Fair in Leeds shoved an old man over.",
        "Police staff member Jo Kay in the Leeds control room leaks addresses.",
        "A police support volunteer in Cardiff, Barry Lowe, reads crime reports on the system.",
    ],
)
def test_specials_pcsos_staff_and_volunteers_are_police(engine: TriageEngine, text: str) -> None:
    assert engine.classify(TriageInput(text=text)).disposition == "disseminate"


def test_unidentifiable_subject_is_insufficient(engine: TriageEngine) -> None:
    r = engine.classify(
        TriageInput(
            text="One of the coppers in Colchester is on the take. Not giving my name or his."
        )
    )
    assert r.force == "essex"
    assert r.disposition == "insufficient"


def test_risk_to_life_is_urgent(engine: TriageEngine) -> None:
    text = (
        "My boyfriend is PC Josh Kerr in the Met. He checks my phone and last week he "
        "strangled me. I'm still living with him."
    )
    r = engine.classify(TriageInput(text=text))
    assert r.priority == "urgent"
    assert r.priority_evidence


def test_historic_abuse_is_high_not_urgent(engine: TriageEngine) -> None:
    text = (
        "I was with DC Craig Pine of Humberside Police between 2019 and 2021. He hit me "
        "and controlled my money. I have no current contact and moved away."
    )
    assert engine.classify(TriageInput(text=text)).priority == "high"


def test_threat_to_life_is_urgent_even_when_not_police(engine: TriageEngine) -> None:
    text = (
        "My ex is not police, his dad is a retired copper. Last night he said he'll "
        "finish me if I go to the police."
    )
    r = engine.classify(TriageInput(text=text, location="Derby"))
    assert (r.disposition, r.priority) == ("not_police", "urgent")


def test_minor_offence_is_standard(engine: TriageEngine) -> None:
    r = engine.classify(TriageInput(text="PC Rob Kemp in Norwich smokes weed on his days off."))
    assert r.priority == "standard"


def test_confidence_is_low_when_evidence_is_thin(engine: TriageEngine) -> None:
    thin = engine.classify(TriageInput(text="Police corrupt. All of them."))
    clear = engine.classify(
        TriageInput(
            text="PC Darren Wills at Maidstone police station takes cash off the Doyle crime "
            "family and tips them off before raids.",
            location="Maidstone",
        )
    )
    assert thin.confidence < clear.confidence
    assert clear.confidence >= 0.6
