"""Force routing follows the taxonomy's precedence, and says which level decided."""

from __future__ import annotations

import pytest

from services.triage.engine import TriageEngine, TriageInput

pytestmark = pytest.mark.unit


def route(engine: TriageEngine, text: str, location: str = "", hint: str = "") -> tuple[str, str]:
    r = engine.classify(TriageInput(text=text, location=location, force_hint=hint))
    return r.force, r.force_evidence["source"]


def test_named_force_beats_postcode_place_and_hint(engine: TriageEngine) -> None:
    text = "A British Transport Police officer at Leeds station, PC Kev Moore, pushed me."
    assert route(engine, text, location="LS1 4DY", hint="west-yorkshire") == ("btp", "named_force")


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("PC Jo Platt from the Met was rude", "metropolitan"),
        ("a GMP officer, PC Lee Hart, hit me", "greater-manchester"),
        ("PC Sam Ryder (Northants Police) swore at me", "northamptonshire"),
        ("Heddlu Gogledd Cymru officer DC Elin Hughes", "north-wales"),
        ("PSNI constable Conor Boyle", "northern-ireland"),
        ("my boyfriend is a pc in the met", "metropolitan"),
    ],
)
def test_force_names_and_abbreviations(engine: TriageEngine, text: str, force: str) -> None:
    assert route(engine, text)[0] == force


def test_met_the_verb_is_not_the_met(engine: TriageEngine) -> None:
    assert route(engine, "I met PC Jo Platt at the station in Bolton")[0] == "greater-manchester"


def test_postcode_beats_place_and_district_overrides_area(engine: TriageEngine) -> None:
    # S is South Yorkshire, but S40 (Chesterfield) is Derbyshire.
    force, source = route(
        engine, "PC Tom Haig checks people on the PNC", "S40 1AB", hint="south-yorkshire"
    )
    assert (force, source) == ("derbyshire", "postcode")
    assert route(engine, "PC Tom Haig in Sheffield", "CV1")[0] == "west-midlands"


def test_crown_dependency_postcode_has_no_uk_force(engine: TriageEngine) -> None:
    assert route(engine, "A PC here takes cash from the pub owner.", "GY1 1AA")[0] == "unknown"


def test_place_longest_match_and_common_words(engine: TriageEngine) -> None:
    assert route(engine, "PC Ann Lee works in Sutton Coldfield")[0] == "west-midlands"
    assert route(engine, "PC Ann Lee works at Chester-le-Street")[0] == "durham"
    # "bury him" is a verb, not Bury.
    assert route(engine, "PC Ann Lee said he would bury him")[0] == "unknown"


def test_place_beats_form_hint(engine: TriageEngine) -> None:
    assert route(engine, "PC Holly Bran at Harrogate", hint="west-yorkshire") == (
        "north-yorkshire",
        "place",
    )


def test_form_hint_is_the_last_resort(engine: TriageEngine) -> None:
    assert route(engine, "Sgt Bernie Coe parks in disabled bays", hint="cumbria") == (
        "cumbria",
        "force_hint",
    )


def test_transferred_officer_goes_to_current_force(engine: TriageEngine) -> None:
    text = "PC Dan Morley used to be in Kent Police but transferred to Essex Police last year."
    assert route(engine, text)[0] == "essex"


@pytest.mark.parametrize(
    "text",
    [
        "A copper in Wales is dealing coke",
        "Officers in Newport stopped me and were rude",
        "An officer on the M6 was rude to me",
    ],
)
def test_region_or_ambiguous_town_is_unknown_and_insufficient(
    engine: TriageEngine, text: str
) -> None:
    r = engine.classify(TriageInput(text=text))
    assert r.force == "unknown"
    assert r.disposition == "insufficient"
