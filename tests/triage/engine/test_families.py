"""Lexicon families: inflections, phrasing families, context rules and the fallback.

The sentences here are written for these tests (not taken from the holdouts): each
is one member of a family, so a failure means a family stopped generalising.
"""

from __future__ import annotations

import pytest

from services.triage.engine import TriageEngine, TriageInput
from services.triage.engine.morph import _first_strings, noun_forms, verb_forms

pytestmark = pytest.mark.unit


def cats(engine: TriageEngine, text: str, location: str = "Leeds") -> list[str]:
    return [t.code for t in engine.classify(TriageInput(text=text, location=location)).categories]


@pytest.mark.parametrize(
    ("lemma", "expected"),
    [
        ("throttle", {"throttles", "throttled", "throttling"}),
        ("slap", {"slaps", "slapped", "slapping"}),
        ("headbutt", {"headbutts", "headbutted", "headbutting"}),
        ("bully", {"bullies", "bullied", "bullying"}),
        ("punch", {"punches", "punched", "punching"}),
        ("knee", {"knees", "kneed", "kneeing"}),
        ("beat", {"beats", "beaten", "beating"}),
        ("throw", {"threw", "thrown"}),
        ("lay into", {"laid into", "laying into"}),
        ("rough up", {"roughed up", "roughing up"}),
        ("head butt", {"head butted"}),
    ],
)
def test_verb_inflections(lemma: str, expected: set[str]) -> None:
    assert expected <= set(verb_forms(lemma))


def test_noun_plurals() -> None:
    assert noun_forms("brown envelope") == ["brown envelope", "brown envelopes"]
    assert set(noun_forms("backhander")) == {"backhander", "backhanders"}


def test_prefixes_of_hand_written_regexes() -> None:
    assert _first_strings(r"\bpunch(es)?\b|\bkick") == {"pun", "kic"}
    assert _first_strings(r"\b(a |the )?cat") == {"a", "the", "cat"}
    assert _first_strings(r"\b(\w+ ){0,3}foo") is None  # any word may start it: no prefilter


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("PC Jon Kemp throttled a lad outside the Corn Exchange in Leeds.", "vf"),
        ("Sgt Ali Rowe gave my brother a right kicking in the van in Leeds.", "vf"),
        ("PC Dee Marsh roughed up a homeless man on Briggate in Leeds.", "vf"),
        ("PC Gary Stone nutted my mate outside the club in Leeds.", "vf"),
        ("PC Ed Howe laid into my son with his baton in Leeds.", "vf"),
        ("Sgt Tim Vale sprayed PAVA in a pensioner's face in Leeds.", "vf"),
        ("PC Jo Platt gets a bung off the scrapyard in Leeds every month.", "bc"),
        ("DC Al Reid takes a brown envelope from a club owner in Leeds.", "bc"),
        ("PC Max Lowe was paid to look the other way at the car wash in Leeds.", "bc"),
        ("DS Cath Bell was snorting gear at a party in Leeds.", "dr"),
        ("PC Ray Holt vapes THC carts in his patrol car in Leeds.", "dr"),
        ("PC Sam Dunn told a Muslim woman to take that thing off her head in Leeds.", "di"),
        ("Sgt Ian Cole makes monkey noises at Black colleagues in Leeds.", "di"),
        ("PC Liz Ford calls a disabled lad a window licker in Leeds.", "di"),
        ("PC Rob Kay called a Traveller family pikeys in Leeds.", "di"),
        ("PC Dan Ash is living with a woman he arrested for shoplifting in Leeds.", "sx"),
        (
            "PC Tom Fry keeps sending flowers to a burglary victim in Leeds and asking her out.",
            "sx",
        ),
        ("PC Ann Lee ran her neighbour's car reg through the system in Leeds.", "mi"),
        (
            "PC Jay Moss told his mates the name of the girl who reported the assault in Leeds.",
            "mi",
        ),
        ("PC Kim Rose is off sick with stress but working full days at a salon in Leeds.", "dh"),
        ("PC Lee Hart posted on Facebook that protesters deserve to be run over in Leeds.", "oc"),
    ],
)
def test_phrasing_families_generalise(engine: TriageEngine, text: str, code: str) -> None:
    full = {
        "vf": "violence_abuse_of_force",
        "bc": "bribery_corruption",
        "dr": "drugs",
        "di": "discrimination",
        "sx": "sexual_misconduct",
        "mi": "misuse_of_information",
        "dh": "dishonesty",
        "oc": "offensive_communications",
    }[code]
    result = engine.classify(TriageInput(text=text, location="Leeds"))
    tags = {t.code: t for t in result.categories}
    assert full in tags, [t.code for t in result.categories]
    assert tags[full].evidence


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # The crime is one the officer dealt with, or the reporter's side suffered.
        ("PC Dan Ash is living with a woman he arrested for shoplifting in Leeds.", "dishonesty"),
        ("PC Jo Sands was rude when my mum reported her purse stolen in Leeds.", "dishonesty"),
        (
            "PC Amy Lowe ignored my husband after he was punched by a drunk man.",
            "violence_abuse_of_force",
        ),
        # Looking at porn on a work computer is not misuse of police information.
        (
            "PC Rob Elms looked at porn on the computer at the station in Leeds.",
            "misuse_of_information",
        ),
        # A warrant card flashed is not indecent exposure.
        ("Sgt Vic Pryce flashes his warrant card to jump queues in Leeds.", "sexual_misconduct"),
        # Being pulled over is a traffic stop, not force.
        ("A cop pulled me over in Leeds and was rude to me.", "violence_abuse_of_force"),
        # A dog grooming business is a second job, not grooming.
        (
            "PC Kay Webb runs a dog grooming business in Leeds and never declared it.",
            "sexual_misconduct",
        ),
    ],
)
def test_context_rules(engine: TriageEngine, text: str, absent: str) -> None:
    assert absent not in cats(engine, text)


def test_fallback_needs_conduct_language(engine: TriageEngine) -> None:
    assert cats(engine, "PC Rob Hale of West Yorkshire Police was rude and hung up on me.") == [
        "other_misconduct"
    ]
    assert cats(engine, "PC Rob Hale of West Yorkshire Police works in Leeds.") == []
