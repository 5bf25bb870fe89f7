"""Conflict of interest: a report about someone in the receiving force's own professional
standards or anti-corruption unit must not be handled by that unit.

Read from the sanitised package only (what the force would see): the subject's station
or posting, and the account. In the account, a unit's name alone is not enough ("I
reported him to professional standards" is common and no conflict); it has to be said
that the subject is in it: "works in PSD", "a detective in the anti-corruption unit",
"ACU officer", "member of professional standards".
"""

from __future__ import annotations

import re

from services.dispatch.packages.schemas import PackageData

# Unit names, case-insensitive; acronyms in capitals only ("psd" in a sentence is rare
# and "acu" is a word fragment in places).
_UNIT_WORDS = (
    r"professional\s+standards(?:\s+(?:department|unit|directorate|branch|team))?"
    r"|anti[-\s]?corruption(?:\s+(?:unit|team|command|squad))?"
    r"|counter[-\s]?corruption(?:\s+(?:unit|team|command))?"
    r"|directorate\s+of\s+professional\s+standards"
)
_UNIT_ACRONYMS = r"PSD|ACU|CCU|DPS|ACC\s?U"
UNIT = rf"(?:(?i:{_UNIT_WORDS})|\b(?:{_UNIT_ACRONYMS})\b)"

_IN_UNIT = [
    # "works in PSD", "based at the professional standards department", "moved to the ACU"
    rf"(?i:\b(?:works?|working|worked|based|serves?|serving|posted|seconded|transferred|"
    rf"moved|sits?|employed|stationed|placed)\s+(?:now\s+|currently\s+|still\s+)?"
    rf"(?:in|at|for|with|on|to|into|within)\s+(?:the\s+)?(?:force'?s?\s+|their\s+|its\s+)?)"
    rf"{UNIT}",
    # "member of the anti-corruption unit", "head of professional standards"
    rf"(?i:\b(?:member|head|part|chief|boss|officer|detective|investigator)\s+of\s+(?:the\s+)?)"
    rf"{UNIT}",
    # "PSD officer", "anti-corruption unit detective", "ACU DS"
    rf"{UNIT}(?i:\s+(?:officer|detective|investigator|sergeant|inspector|superintendent|"
    rf"lead|manager|staff|team\s+member))\b|{UNIT}\s+(?:DS|DC|DI|DCI|PC|PS)\b",
    # "a detective in the anti-corruption unit"
    rf"(?i:\b(?:officer|detective|investigator|sergeant|inspector|superintendent|"
    rf"DS|DC|DI|DCI)\s+(?:in|at|with|from)\s+(?:the\s+)?)"
    rf"{UNIT}",
]
_IN_UNIT_RE = [re.compile(p) for p in _IN_UNIT]
_UNIT_RE = re.compile(UNIT)


def conflict_of_interest(data: PackageData) -> str | None:
    """Why this package must not go to its force, or None."""
    posting = data.subject.station
    found = _UNIT_RE.search(posting)
    if found:
        return (
            "conflict of interest: the subject's posting is the force's professional "
            f"standards or anti-corruption unit ('{found.group(0)}')"
        )
    for text in (data.summary, data.details):
        # Every pattern names a unit: most accounts name none, and one scan says so.
        if _UNIT_RE.search(text) is None:
            continue
        for pattern in _IN_UNIT_RE:
            found = pattern.search(text)
            if found:
                return (
                    "conflict of interest: the subject works in the force's professional "
                    f"standards or anti-corruption unit ('{found.group(0)[:80]}')"
                )
    return None
